"""The EventBridge restore event as a typed value; pure code never reads the raw dict.

AWS Backup sends "Restore Job State Change" from ``aws.backup``; a restore test's job adds
``restoreTestingPlanArn`` to the detail. Most events carry ``detail.status``, some
``detail.state``. https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from restore_validation.errors import InvalidEventError

__all__ = ["IgnoredEvent", "RestoreTestEvent", "parse_event"]

SOURCE = "aws.backup"
RESTORE_DETAIL_TYPE = "Restore Job State Change"
COMPLETED = "COMPLETED"


@dataclass(frozen=True, slots=True)
class IgnoredEvent:
    """An event this function does not act on, and why (for the log line)."""

    reason: str


@dataclass(frozen=True, slots=True)
class RestoreTestEvent:
    """A COMPLETED restore job started by a restore testing plan; ARNs may be missing."""

    restore_job_id: str
    restore_testing_plan_arn: str
    resource_type: str | None = None
    created_resource_arn: str | None = None
    recovery_point_arn: str | None = None


def _text(detail: Mapping[str, Any], key: str) -> str | None:
    value = detail.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidEventError(f"detail.{key}", f"must be a string, got {type(value).__name__}")
    return value


def parse_event(event: Mapping[str, Any]) -> RestoreTestEvent | IgnoredEvent:
    """A ``RestoreTestEvent`` for a completed restore test, else why the event is ignored.

    Raises
    ------
    InvalidEventError
        If a completed restore test event lacks ``detail.restoreJobId`` or has a malformed field.
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
    plan_arn = _text(detail, "restoreTestingPlanArn")
    if plan_arn is None:
        return IgnoredEvent("not a restore test (no detail.restoreTestingPlanArn)")
    restore_job_id = _text(detail, "restoreJobId")
    if restore_job_id is None:
        raise InvalidEventError("detail.restoreJobId", "missing from a COMPLETED restore event")
    return RestoreTestEvent(
        restore_job_id=restore_job_id,
        restore_testing_plan_arn=plan_arn,
        resource_type=_text(detail, "resourceType"),
        created_resource_arn=_text(detail, "createdResourceArn"),
        recovery_point_arn=_text(detail, "recoveryPointArn"),
    )
