"""The EventBridge restore event as a typed value; pure code never reads the raw dict.

AWS Backup sends "Restore Job State Change" events from ``aws.backup``; most carry
``detail.status``, some ``detail.state``. Older events may lack the source and vault ARNs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tag_on_restore.errors import InvalidEventError

__all__ = ["RESTORE_DETAIL_TYPE", "SOURCE", "IgnoredEvent", "RestoreEvent", "parse_event"]

SOURCE = "aws.backup"
RESTORE_DETAIL_TYPE = "Restore Job State Change"
COMPLETED = "COMPLETED"


@dataclass(frozen=True, slots=True)
class IgnoredEvent:
    """An event this function does not act on, and why (for the log line)."""

    reason: str


@dataclass(frozen=True, slots=True)
class RestoreEvent:
    """A COMPLETED restore job as the event reports it; any ARN may be missing."""

    restore_job_id: str
    resource_type: str | None = None
    created_resource_arn: str | None = None
    source_resource_arn: str | None = None
    recovery_point_arn: str | None = None
    backup_vault_arn: str | None = None

    @property
    def complete(self) -> bool:
        """Whether the event names everything tagging needs, so no API lookup is needed."""
        return None not in (
            self.resource_type,
            self.created_resource_arn,
            self.source_resource_arn,
            self.recovery_point_arn,
        )


def _text(detail: Mapping[str, Any], key: str) -> str | None:
    value = detail.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidEventError(f"detail.{key}", f"must be a string, got {type(value).__name__}")
    return value


def parse_event(event: Mapping[str, Any]) -> RestoreEvent | IgnoredEvent:
    """A ``RestoreEvent`` for a COMPLETED restore, else why the event is ignored.

    Raises
    ------
    InvalidEventError
        If a COMPLETED restore event lacks ``detail.restoreJobId`` or has a malformed field.
    """
    source, detail_type = event.get("source"), event.get("detail-type")
    if source != SOURCE or detail_type != RESTORE_DETAIL_TYPE:
        return IgnoredEvent(f"not a restore job event (source={source}, detail-type={detail_type})")
    detail = event.get("detail")
    if not isinstance(detail, Mapping):
        raise InvalidEventError("detail", "must be an object")
    status = _text(detail, "status") or _text(detail, "state")
    if status != COMPLETED:
        return IgnoredEvent(f"restore job status is {status}, not {COMPLETED}")
    restore_job_id = _text(detail, "restoreJobId")
    if restore_job_id is None:
        raise InvalidEventError("detail.restoreJobId", "missing from a COMPLETED restore event")
    return RestoreEvent(
        restore_job_id=restore_job_id,
        resource_type=_text(detail, "resourceType"),
        created_resource_arn=_text(detail, "createdResourceArn"),
        source_resource_arn=_text(detail, "sourceResourceArn"),
        recovery_point_arn=_text(detail, "recoveryPointArn"),
        backup_vault_arn=_text(detail, "backupVaultArn"),
    )
