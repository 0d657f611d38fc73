"""Cron schedules in plain words, and which run every day."""

from __future__ import annotations

import pytest

from orgbackup.coverage.schedule import describe_schedule


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("cron(0 5 ? * * *)", ("every day, at 05:00 UTC", True)),
        ("cron(0 * ? * * *)", ("every day, every hour", True)),
        ("cron(0 */4 ? * * *)", ("every day, every 4 hours", True)),
        ("cron(0 6 ? * SUN *)", ("weekly on SUN, at 06:00 UTC", False)),
        ("cron(0 9 1 * ? *)", ("monthly on day 1, at 09:00 UTC", False)),
        ("cron(0 9 1 1 ? *)", ("on day 1 of month 1, at 09:00 UTC", False)),
        ("cron(30 2,14 ? * * *)", ("every day, at hour(s) 2,14, minute(s) 30 UTC", True)),
        ("rate(1 day)", ("rate(1 day)", False)),
        ("cron(0 5 ? *)", ("cron(0 5 ? *)", False)),
    ],
)
def test_describe_schedule(expression: str, expected: tuple[str, bool]) -> None:
    assert describe_schedule(expression) == expected
