"""Summaries of an effective plan's rules (schedule in words, lifecycle, copies, continuous).

Values come from the effective document, where the merge leaves numbers as text
(``"35"``) and booleans as ``true`` or ``"true"``; a value that is not a number is ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping

from orgbackup.coverage.model import CopyAction, RuleSummary
from orgbackup.coverage.schedule import describe_schedule

__all__ = ["summarize_rules"]


def summarize_rules(rules: object) -> tuple[RuleSummary, ...]:
    """One ``RuleSummary`` per rule, in the document's order."""
    if not isinstance(rules, Mapping):
        return ()
    return tuple(
        _rule(str(name), rule) for name, rule in rules.items() if isinstance(rule, Mapping)
    )


def _rule(name: str, rule: Mapping[str, object]) -> RuleSummary:
    expression = str(rule.get("schedule_expression", ""))
    frequency, daily = describe_schedule(expression)
    delete, cold = _lifecycle(rule.get("lifecycle"))
    copies = rule.get("copy_actions")
    return RuleSummary(
        name=name,
        schedule_expression=expression,
        frequency=frequency,
        runs_daily=daily,
        vault_name=str(rule.get("target_backup_vault_name", "")),
        delete_after_days=delete,
        move_to_cold_storage_after_days=cold,
        continuous=str(rule.get("enable_continuous_backup", "")).lower() == "true",
        copy_actions=tuple(
            CopyAction(
                str(copy.get("target_backup_vault_arn") or key), *_lifecycle(copy.get("lifecycle"))
            )
            for key, copy in (copies.items() if isinstance(copies, Mapping) else [])
            if isinstance(copy, Mapping)
        ),
    )


def _lifecycle(lifecycle: object) -> tuple[int | None, int | None]:
    if not isinstance(lifecycle, Mapping):
        return None, None
    return _days(lifecycle.get("delete_after_days")), _days(
        lifecycle.get("move_to_cold_storage_after_days")
    )


def _days(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None
