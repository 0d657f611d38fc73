"""The cron parser: AWS's six fields, ranges, steps, names and the ? rule."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy.checks.cron import cron_problems


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 5 ? * * *)",
        "cron(0 5/1 ? * * *)",
        "cron(0 0/2 ? * * *)",
        "cron(0 5 1 * ? *)",
        "cron(15 10 ? * MON-FRI *)",
        "cron(0 10 ? * 6L 2019-2022)",
        "cron(0 12 ? JAN-MAR,OCT * 2030)",
        "cron(0 8 ? * 3#2 *)",
        "cron(0 8 L * ? *)",
        "cron(0 8 LW * ? *)",
        "cron(0 8 15W * ? *)",
        "cron(0 8 1-15/2 * ? *)",
        "cron(0 */6 ? * SUN,SAT *)",
        " cron(0 5 ? * * *) ",
        "cron(0 5 ? dec mon *)",
    ],
)
def test_valid_expressions(expression: str) -> None:
    assert list(cron_problems(expression)) == []


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (
            "rate(1 hour)",
            [("P301", "'rate(1 hour)' is not a cron(...) expression with six fields")],
        ),
        (
            "cron(0 5 * * ?)",
            [("P301", "'cron(0 5 * * ?)' has 5 fields; AWS cron expressions have 6")],
        ),
        ("cron(60 5 ? * * *)", [("P302", "minutes field '60' is not in 0-59")]),
        ("cron(0 24 ? * * *)", [("P302", "hours field '24' is not in 0-23")]),
        ("cron(0 5 0 * ? *)", [("P302", "day-of-month field '0' is not in 1-31")]),
        ("cron(0 5 ? 13 * *)", [("P302", "month field '13' is not in 1-12")]),
        ("cron(0 5 ? * FUN *)", [("P302", "day-of-week field 'FUN' is not in 1-7")]),
        ("cron(0 5 ? * * 1969)", [("P302", "year field '1969' is not in 1970-2199")]),
        ("cron(0 5 ? * */2 *)", [("P302", "day-of-week field '*/2' cannot use steps (/)")]),
        ("cron(0 5/0 ? * * *)", [("P302", "hours field '5/0' has a step outside 1-23")]),
        ("cron(0 10-5 ? * * *)", [("P302", "hours field '10-5' has a range that runs backwards")]),
        ("cron(0 *-5 ? * * *)", [("P302", "hours field '*-5' cannot combine * with a range")]),
        ("cron(0 5,x ? * * *)", [("P302", "hours field '5,x' is not in 0-23")]),
        (
            "cron(0 5 ? * 3#6 *)",
            [
                (
                    "P302",
                    "day-of-week field '3#6' is not valid here "
                    "(allowed: 1-7, ranges, lists, steps)",
                )
            ],
        ),
        (
            "cron(0 5 * * * *)",
            [("P303", "exactly one of day-of-month and day-of-week must be '?'")],
        ),
        (
            "cron(0 5 ? * ? *)",
            [("P303", "exactly one of day-of-month and day-of-week must be '?'")],
        ),
        (
            "cron(61 5 1 * MON *)",
            [
                ("P302", "minutes field '61' is not in 0-59"),
                ("P303", "exactly one of day-of-month and day-of-week must be '?'"),
            ],
        ),
    ],
)
def test_invalid_expressions(expression: str, expected: list[tuple[str, str]]) -> None:
    assert list(cron_problems(expression)) == expected
