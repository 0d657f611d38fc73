"""Schedule expressions in the configuration, judged as EventBridge judges them.

``cron(...)`` goes through the policy engine's parser (the six-field syntax AWS Backup and
EventBridge share: ranges, one of day-of-month and day-of-week is ``?``); ``rate(N unit)``
takes a positive whole number and a unit that is singular for 1 and plural otherwise.
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from backup_org_policy_manager.policy.checks.cron import cron_problems

__all__ = ["SCHEDULE_FIELDS", "schedule_issues", "schedule_problem"]

# (section, field, whether rate() is allowed: restore testing plans take cron only)
SCHEDULE_FIELDS = (("monitoring", "summary_schedule", True), ("restore_testing", "schedule", False))
_RATE = re.compile(r"rate\((?P<value>[0-9]+) (?P<unit>minutes?|hours?|days?)\)")


def schedule_problem(expression: str, rate_allowed: bool = True) -> str | None:
    """Why ``expression`` is not a valid schedule expression, or None."""
    if expression.startswith("rate("):
        if not rate_allowed:
            return "takes a cron(...) expression, e.g. cron(0 5 ? * SAT *)"
        match = _RATE.fullmatch(expression)
        if match is None or int(match["value"]) < 1:
            return "expected rate(N unit) with N >= 1 and unit minute(s), hour(s) or day(s)"
        singular = int(match["value"]) == 1
        if singular == match["unit"].endswith("s"):
            unit = match["unit"].rstrip("s")
            right = unit if singular else f"{unit}s"
            value = match["value"]
            return f"the unit is {right!r} for a value of {value}: rate({value} {right})"
        return None
    problems = [message for _, message in cron_problems(expression)]
    return "; ".join(problems) if problems else None


def schedule_issues(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(JSON path, message) for every schedule field of the configuration that is invalid."""
    for section, name, rate_allowed in SCHEDULE_FIELDS:
        block = data.get(section)
        value = block.get(name) if isinstance(block, Mapping) else None
        # Other shapes already fail the schema's pattern; judge only what it lets through.
        shaped = ("cron(", "rate(") if rate_allowed else ("cron(",)
        if isinstance(value, str) and value.startswith(shaped) and value.endswith(")"):
            problem = schedule_problem(value, rate_allowed)
            if problem:
                yield f"$.{section}.{name}", f"{value!r}: {problem}"
