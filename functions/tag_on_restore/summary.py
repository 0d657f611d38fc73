"""Turn an invocation's result into a log line, metrics and a JSON response.

Logs and responses carry tag keys, never tag values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tag_on_restore.backfill import BackfillSummary
from tag_on_restore.event import IgnoredEvent
from tag_on_restore.metrics import BACKFILL_JOBS, EVENTS_IGNORED, RESTORES_FAILED, counts
from tag_on_restore.tagging import RestoreOutcome

__all__ = ["Summary", "describe_outcome", "summarize"]


@dataclass(frozen=True, slots=True)
class Summary:
    """What the handler logs, counts and returns for one invocation."""

    message: str
    response: dict[str, Any]
    metrics: dict[str, int] = field(default_factory=dict)


def _total(outcomes: tuple[RestoreOutcome, ...], extra: dict[str, int]) -> dict[str, int]:
    total = dict(extra)
    for outcome in outcomes:
        for name, value in counts(outcome).items():
            total[name] = total.get(name, 0) + value
    return total


def describe_outcome(outcome: RestoreOutcome) -> dict[str, Any]:
    """A restore outcome as JSON: per resource, the keys written, kept, excluded, dropped."""
    return {
        "restore_job_id": outcome.restore_job_id,
        "resource_type": outcome.resource_type,
        "status": outcome.status,
        "reason": outcome.reason,
        "resources": [
            {
                "arn": result.arn,
                "written": sorted(result.plan.to_write),
                "kept_existing": list(result.plan.kept_existing),
                "excluded": list(result.plan.excluded),
                "over_limit": list(result.plan.over_limit),
            }
            for result in outcome.resources
        ],
    }


def summarize(result: RestoreOutcome | IgnoredEvent | BackfillSummary) -> Summary:
    """The ``Summary`` of one invocation's result."""
    if isinstance(result, IgnoredEvent):
        return Summary(
            "event ignored", {"status": "ignored", "reason": result.reason}, {EVENTS_IGNORED: 1}
        )
    if isinstance(result, BackfillSummary):
        extra = {BACKFILL_JOBS: len(result.outcomes) + len(result.failed)}
        if result.failed:
            extra[RESTORES_FAILED] = len(result.failed)
        return Summary("backfill finished", result.as_dict(), _total(result.outcomes, extra))
    return Summary(f"restore {result.status}", describe_outcome(result), _total((result,), {}))
