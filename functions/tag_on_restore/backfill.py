"""Backfill: re-tag the restore jobs that completed in a time window (paginated).

Invoked with ``{"backfill": {"since": "<ISO 8601>", "until": "<ISO 8601, optional>"}}``.
When the Lambda runs short of time, the summary says which ``until`` to invoke again with.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from tag_on_restore.clients import ClientFactory
from tag_on_restore.config import Config
from tag_on_restore.errors import InvalidEventError, TagOnRestoreError
from tag_on_restore.restore_job import from_listing
from tag_on_restore.tagging import RestoreOutcome, tag_restore

__all__ = ["BackfillRequest", "BackfillSummary", "is_backfill", "run"]

logger = logging.getLogger(__name__)

# Stop starting new jobs when less than this is left, so the summary is always returned.
RESERVE_MS = 15_000


def is_backfill(event: Mapping[str, Any]) -> bool:
    """Whether ``event`` asks for a backfill rather than carrying a restore event."""
    return "backfill" in event


def _moment(request: Mapping[str, Any], key: str) -> datetime | None:
    raw = request.get(key)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        raise InvalidEventError(f"backfill.{key}", f"not an ISO 8601 date-time: {raw!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class BackfillRequest:
    """Restore jobs completed after ``since`` (and before ``until``, if given)."""

    since: datetime
    until: datetime | None = None

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> BackfillRequest:
        """Read ``event["backfill"]``.

        Raises
        ------
        InvalidEventError
            If ``backfill.since`` is missing or a date is malformed or out of order.
        """
        request = event.get("backfill")
        if not isinstance(request, Mapping):
            raise InvalidEventError("backfill", "must be an object with a since date-time")
        since, until = _moment(request, "since"), _moment(request, "until")
        if since is None:
            raise InvalidEventError("backfill.since", "is required")
        if until is not None and until <= since:
            raise InvalidEventError("backfill.until", "must be later than backfill.since")
        return cls(since, until)


@dataclass(frozen=True, slots=True)
class BackfillSummary:
    """What a backfill did; ``resume_until`` is set when it stopped for lack of time."""

    outcomes: tuple[RestoreOutcome, ...]
    failed: tuple[tuple[str, str], ...]
    resume_until: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary for whoever invoked the backfill."""
        by_status: dict[str, int] = {}
        for outcome in self.outcomes:
            by_status[outcome.status] = by_status.get(outcome.status, 0) + 1
        return {
            "jobs": len(self.outcomes) + len(self.failed),
            "by_status": by_status,
            "failed": [{"restore_job_id": job, "error": error} for job, error in self.failed],
            "complete": self.resume_until is None,
            "resume_until": self.resume_until.isoformat() if self.resume_until else None,
        }


def run(
    request: BackfillRequest,
    config: Config,
    clients: ClientFactory,
    remaining_ms: Callable[[], int],
) -> BackfillSummary:
    """Tag every COMPLETED restore job in the window, the most recently completed first."""
    backup = clients("backup")
    filters: dict[str, Any] = {"ByStatus": "COMPLETED", "ByCompleteAfter": request.since}
    if request.until:
        filters["ByCompleteBefore"] = request.until
    pages = backup.get_paginator("list_restore_jobs").paginate(**filters)
    # Listing is cheap next to tagging; sorting by completion makes "resume before this
    # job's completion" exact, whatever order AWS lists jobs in.
    entries = sorted(
        (entry for page in pages for entry in page["RestoreJobs"]),
        key=lambda entry: entry["CompletionDate"],
        reverse=True,
    )
    outcomes: list[RestoreOutcome] = []
    failed: list[tuple[str, str]] = []
    for entry in entries:
        if remaining_ms() < RESERVE_MS:
            # ByCompleteBefore is exclusive; jobs completed in the same millisecond are
            # tagged again, which is harmless.
            resume = entry["CompletionDate"] + timedelta(milliseconds=1)
            return BackfillSummary(tuple(outcomes), tuple(failed), resume)
        job_id = str(entry["RestoreJobId"])
        # One job's failure (a denied service, a malformed job) must not stop the rest;
        # the summary lists it so the operator can act and invoke again.
        try:
            outcomes.append(tag_restore(from_listing(entry, backup), config, clients))
        except (ClientError, TagOnRestoreError) as error:
            logger.warning("backfill job failed", extra={"restore_job_id": job_id})
            failed.append((job_id, str(error)))
    return BackfillSummary(tuple(outcomes), tuple(failed))
