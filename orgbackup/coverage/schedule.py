"""A backup rule's ``schedule_expression`` in plain words, and whether it runs every day.

AWS Backup schedules are six-field cron expressions in UTC, ``cron(minutes hours
day-of-month month day-of-week year)``
(https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html, "Backup
frequency"; field rules as for EventBridge:
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
"""

from __future__ import annotations

__all__ = ["describe_schedule"]

_EVERY = frozenset({"*", "?"})


def describe_schedule(expression: str) -> tuple[str, bool]:
    """``(frequency in words, runs at least once every day)`` for a cron expression.

    Anything that is not a six-field ``cron(...)`` is returned as written, not daily.
    """
    text = expression.strip()
    if not (text.startswith("cron(") and text.endswith(")")):
        return text, False
    fields = text[5:-1].split()
    if len(fields) != 6:
        return text, False
    minute, hour, day, month, weekday, _year = fields
    every_day = day in _EVERY and weekday in _EVERY and month == "*"
    times = _times(minute, hour)
    if day in _EVERY and weekday in _EVERY:
        when = f"{'every day' if month == '*' else f'every day in month {month}'}, {times}"
    elif weekday not in _EVERY:
        when = f"weekly on {weekday}, {times}"
    elif month == "*":
        when = f"monthly on day {day}, {times}"
    else:
        when = f"on day {day} of month {month}, {times}"
    return when, every_day


def _times(minute: str, hour: str) -> str:
    if hour == "*":
        return "every hour" if minute.isdigit() else f"minutes {minute} of every hour"
    if hour.startswith(("*/", "0/")):
        return f"every {hour.split('/')[1]} hours"
    if hour.isdigit() and minute.isdigit():
        return f"at {int(hour):02d}:{int(minute):02d} UTC"
    return f"at hour(s) {hour}, minute(s) {minute} UTC"
