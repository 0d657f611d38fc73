"""One invocation's work, without Powertools: a restore event or a backfill request in,
outcomes out. ``app.py`` adds logging, metrics and the Lambda context around it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from tag_on_restore.backfill import BackfillRequest, BackfillSummary, is_backfill, run
from tag_on_restore.clients import ClientFactory
from tag_on_restore.config import Config
from tag_on_restore.event import IgnoredEvent, parse_event
from tag_on_restore.restore_job import resolve
from tag_on_restore.tagging import RestoreOutcome, tag_restore

__all__ = ["Result", "handle"]

logger = logging.getLogger(__name__)

Result = RestoreOutcome | IgnoredEvent | BackfillSummary


def handle(
    event: Mapping[str, Any],
    config: Config,
    clients: ClientFactory,
    remaining_ms: Callable[[], int],
) -> Result:
    """Tag after one restore event, or backfill a window; ignore anything else.

    Raises
    ------
    InvalidEventError, RestoreJobIncompleteError, botocore.exceptions.ClientError
        When the event cannot be acted on or AWS refuses; Lambda then retries the event.
    """
    if is_backfill(event):
        return run(BackfillRequest.from_event(event), config, clients, remaining_ms)
    parsed = parse_event(event)
    if isinstance(parsed, IgnoredEvent):
        return parsed
    job = resolve(parsed, clients("backup"))
    return tag_restore(job, config, clients)
