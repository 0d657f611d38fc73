"""Plain-words descriptions of verdicts and rules, shared by the text and Markdown reports."""

from __future__ import annotations

from orgbackup.coverage.model import REASONS, Coverage, RuleSummary

__all__ = ["REASON_ORDER", "describe_rule", "protected_by", "why_unprotected"]

REASON_ORDER = tuple(REASONS)


def describe_rule(rule: RuleSummary) -> str:
    """E.g. ``daily-35: every day, at 05:00 UTC, kept 35 days, copy to <arn> (35 days)``."""
    words = [f"{rule.name}: {rule.frequency}"]
    if rule.continuous:
        words.append("continuous (point-in-time)")
    if rule.move_to_cold_storage_after_days is not None:
        words.append(f"cold after {rule.move_to_cold_storage_after_days} days")
    kept = rule.delete_after_days
    words.append(f"kept {kept} days" if kept is not None else "kept until deleted")
    for copy in rule.copy_actions:
        days = f" ({copy.delete_after_days} days)" if copy.delete_after_days is not None else ""
        words.append(f"copy to {copy.vault_arn}{days}")
    return ", ".join(words)


def protected_by(coverage: Coverage) -> list[str]:
    """One line per plan/rule that backs the resource up."""
    return [
        f"{p.plan} ({p.selection}) / {describe_rule(rule)}"
        for p in coverage.protections
        for rule in p.rules
    ]


def why_unprotected(coverage: Coverage) -> str:
    """The reason code, in words, with the plans that matched but were skipped."""
    reason = coverage.reason or ""
    text = f"{reason}: {REASONS.get(reason, '')}"
    details = [f"{m.plan} ({m.selection}): {m.detail}" for m in coverage.misses]
    return f"{text} [{'; '.join(details)}]" if details else text
