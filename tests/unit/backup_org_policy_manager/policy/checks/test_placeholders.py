"""Placeholders: ${...} left in keys or values are variables nobody supplied."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.placeholders import check_placeholders


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param({"plans": {"P": {"regions": ["$region"]}}}, [], id="aws-placeholders"),
        pytest.param(
            {"plans": {"P": {"rules": {"R": {"copy_actions": {"${CentralVaultArn}": {}}}}}}},
            [
                Issue(
                    "P109",
                    ("plans", "P", "rules", "R", "copy_actions", "${CentralVaultArn}"),
                    "variable ${CentralVaultArn} was not given a value",
                )
            ],
            id="key",
        ),
        pytest.param(
            {"plans": {"P": {"regions": {"@@assign": ["${Region}", "${Region}-${Other}"]}}}},
            [
                Issue(
                    "P109",
                    ("plans", "P", "regions", "@@assign", 0),
                    "variable ${Region} was not given a value",
                ),
                Issue(
                    "P109",
                    ("plans", "P", "regions", "@@assign", 1),
                    "variable ${Region} was not given a value",
                ),
                Issue(
                    "P109",
                    ("plans", "P", "regions", "@@assign", 1),
                    "variable ${Other} was not given a value",
                ),
            ],
            id="values-in-list",
        ),
    ],
)
def test_check_placeholders(document: object, expected: list[Issue]) -> None:
    assert list(check_placeholders(document)) == expected
