"""Lifecycle: positive days, 90 days in cold storage, 35 days for continuous backups."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.lifecycle import (
    check_continuous_retention,
    check_lifecycle,
)


@pytest.mark.parametrize(
    ("lifecycle", "expected"),
    [
        pytest.param({"delete_after_days": {"@@assign": "35"}}, [], id="delete-only"),
        pytest.param(
            {"move_to_cold_storage_after_days": "30", "delete_after_days": "120"}, [], id="cold-90"
        ),
        pytest.param(
            {"move_to_cold_storage_after_days": {"@@assign": 30}, "delete_after_days": 119},
            [
                Issue(
                    "P202",
                    ("delete_after_days",),
                    "delete_after_days (119) must be at least 90 days after "
                    "move_to_cold_storage_after_days (30), so at least 120",
                )
            ],
            id="cold-89",
        ),
        pytest.param(
            {"delete_after_days": "0"},
            [Issue("P201", ("delete_after_days",), "delete_after_days must be at least 1, not 0")],
            id="delete-zero",
        ),
        pytest.param(
            {"move_to_cold_storage_after_days": 0, "delete_after_days": 10},
            [
                Issue(
                    "P201",
                    ("move_to_cold_storage_after_days",),
                    "move_to_cold_storage_after_days must be at least 1, not 0",
                )
            ],
            id="cold-zero-is-not-compared",
        ),
        pytest.param({"delete_after_days": "soon"}, [], id="type-left-to-structure"),
        pytest.param({"move_to_cold_storage_after_days": {"@@append": [1]}}, [], id="no-assign"),
        pytest.param([], [], id="not-an-object"),
    ],
)
def test_check_lifecycle(lifecycle: object, expected: list[Issue]) -> None:
    assert list(check_lifecycle(lifecycle)) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        pytest.param(
            {
                "enable_continuous_backup": {"@@assign": True},
                "lifecycle": {"delete_after_days": 35},
            },
            [],
            id="continuous-35",
        ),
        pytest.param(
            {"enable_continuous_backup": "true", "lifecycle": {"delete_after_days": "36"}},
            [
                Issue(
                    "P203",
                    ("lifecycle", "delete_after_days"),
                    "continuous backups are kept at most 35 days; delete_after_days is 36",
                )
            ],
            id="continuous-36",
        ),
        pytest.param(
            {"enable_continuous_backup": False, "lifecycle": {"delete_after_days": 365}},
            [],
            id="snapshots-365",
        ),
        pytest.param({"enable_continuous_backup": True}, [], id="continuous-no-lifecycle"),
        pytest.param({"enable_continuous_backup": True, "lifecycle": []}, [], id="bad-lifecycle"),
        pytest.param("rule", [], id="not-an-object"),
    ],
)
def test_check_continuous_retention(rule: object, expected: list[Issue]) -> None:
    assert list(check_continuous_retention(rule)) == expected
