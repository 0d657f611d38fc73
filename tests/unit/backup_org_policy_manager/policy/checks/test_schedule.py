"""Schedule: cron syntax, hourly minimum, start and completion windows."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.schedule import check_schedule, check_windows

SCHEDULE = ("schedule_expression",)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        pytest.param({"schedule_expression": {"@@assign": "cron(0 5 ? * * *)"}}, [], id="daily"),
        pytest.param({"schedule_expression": "cron(30 0/1 ? * * *)"}, [], id="hourly"),
        pytest.param(
            {"schedule_expression": "cron(0 5 * * * *)"},
            [Issue("P303", SCHEDULE, "exactly one of day-of-month and day-of-week must be '?'")],
            id="no-question-mark",
        ),
        pytest.param(
            {"schedule_expression": "every day"},
            [Issue("P301", SCHEDULE, "'every day' is not a cron(...) expression with six fields")],
            id="not-cron",
        ),
        pytest.param(
            {"schedule_expression": "cron(0/30 * ? * * *)"},
            [Issue("P306", SCHEDULE, "minutes field '0/30' runs more than once an hour")],
            id="every-30-minutes",
        ),
        pytest.param(
            {"schedule_expression": "cron(0,30 5 ? * * *)"},
            [Issue("P306", SCHEDULE, "minutes field '0,30' runs more than once an hour")],
            id="twice-an-hour",
        ),
        pytest.param({"schedule_expression": {"@@append": ["x"]}}, [], id="no-assign"),
        pytest.param({"schedule_expression": 5}, [], id="type-left-to-structure"),
        pytest.param(None, [], id="not-an-object"),
    ],
)
def test_check_schedule(rule: object, expected: list[Issue]) -> None:
    assert list(check_schedule(rule)) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        pytest.param({"start_backup_window_minutes": {"@@assign": "60"}}, [], id="start-60"),
        pytest.param(
            {"start_backup_window_minutes": "59"},
            [
                Issue(
                    "P304",
                    ("start_backup_window_minutes",),
                    "start_backup_window_minutes must be at least 60, not 59",
                )
            ],
            id="start-59",
        ),
        pytest.param(
            {"start_backup_window_minutes": 480, "complete_backup_window_minutes": 10080},
            [],
            id="complete-longer",
        ),
        pytest.param(
            {"start_backup_window_minutes": 120, "complete_backup_window_minutes": "120"},
            [
                Issue(
                    "P305",
                    ("complete_backup_window_minutes",),
                    "complete_backup_window_minutes (120) must be longer than "
                    "start_backup_window_minutes (120)",
                )
            ],
            id="complete-equal",
        ),
        pytest.param({"complete_backup_window_minutes": 30}, [], id="complete-alone"),
        pytest.param([], [], id="not-an-object"),
    ],
)
def test_check_windows(rule: object, expected: list[Issue]) -> None:
    assert list(check_windows(rule)) == expected
