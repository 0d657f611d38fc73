"""A parser for the six-field ``cron(...)`` expressions AWS Backup and EventBridge accept.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

__all__ = ["cron_problems"]

_MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_DAYS = {
    name: number for number, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), 1)
}
_CRON = re.compile(r"cron\((?P<fields>[^()]*)\)")
_ITEM = re.compile(r"(?P<start>\*|[0-9A-Z]+)(?:-(?P<end>[0-9A-Z]+))?(?:/(?P<step>[0-9]+))?")


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    low: int
    high: int
    names: Mapping[str, int] = field(default_factory=dict)
    special: re.Pattern[str] | None = None  # tokens that must stand alone (?, L, W, #)
    steps: bool = True


_FIELDS = (
    _Field("minutes", 0, 59),
    _Field("hours", 0, 23),
    _Field("day-of-month", 1, 31, special=re.compile(r"\?|L|LW|([1-9]|[12][0-9]|3[01])W")),
    _Field("month", 1, 12, names=_MONTHS),
    _Field("day-of-week", 1, 7, _DAYS, re.compile(r"\?|L|[1-7]L|[1-7]#[1-5]"), steps=False),
    _Field("year", 1970, 2199),
)


def cron_problems(expression: str) -> Iterator[tuple[str, str]]:
    """Each problem with ``expression`` as ``(code, message)``; nothing when it is valid.

    ``P301`` not a six-field ``cron(...)``, ``P302`` a field out of its range or syntax,
    ``P303`` day-of-month and day-of-week not exactly one ``?``.
    """
    match = _CRON.fullmatch(expression.strip())
    if not match:
        yield "P301", f"{expression!r} is not a cron(...) expression with six fields"
        return
    values = match["fields"].split()
    if len(values) != len(_FIELDS):
        yield "P301", f"{expression!r} has {len(values)} fields; AWS cron expressions have 6"
        return
    for spec, value in zip(_FIELDS, values, strict=True):
        problem = _field_problem(spec, value.upper())
        if problem:
            yield "P302", f"{spec.name} field {value!r} {problem}"
    day_of_month, day_of_week = values[2], values[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        yield "P303", "exactly one of day-of-month and day-of-week must be '?'"


def _field_problem(spec: _Field, value: str) -> str | None:
    if spec.special is not None and spec.special.fullmatch(value):
        return None
    for item in value.split(","):
        problem = _item_problem(spec, item)
        if problem:
            return problem
    return None


def _item_problem(spec: _Field, item: str) -> str | None:
    match = _ITEM.fullmatch(item)
    if not match:
        return f"is not valid here (allowed: {spec.low}-{spec.high}, ranges, lists, steps)"
    if match["step"] is not None and not spec.steps:
        return "cannot use steps (/)"
    if match["step"] is not None and not 1 <= int(match["step"]) <= spec.high:
        return f"has a step outside 1-{spec.high}"
    if match["start"] == "*":
        return "cannot combine * with a range" if match["end"] else None
    start, end = _number(spec, match["start"]), _number(spec, match["end"] or match["start"])
    if start is None or end is None:
        return f"is not in {spec.low}-{spec.high}"
    if start > end:
        return "has a range that runs backwards"
    return None


def _number(spec: _Field, token: str) -> int | None:
    number = spec.names.get(token, int(token) if token.isdigit() else None)
    return number if number is not None and spec.low <= number <= spec.high else None
