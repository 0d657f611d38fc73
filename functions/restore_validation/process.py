"""One invocation's work, without Powertools: a restore test event in, an outcome out.

Idempotent: a job that already has a SUCCESSFUL or FAILED validation keeps it, so a repeated
or late event (after AWS Backup deleted the restored resource) cannot turn it into FAILED.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from restore_validation.clients import ClientFactory
from restore_validation.config import Config
from restore_validation.event import IgnoredEvent, RestoreTestEvent, parse_event
from restore_validation.validators import VALIDATORS, Restored, Verdict
from restore_validation.validators.base import failed

__all__ = ["MAX_MESSAGE_LENGTH", "Outcome", "Result", "handle"]

logger = logging.getLogger(__name__)

# AWS documents no length limit for ValidationStatusMessage
# (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutRestoreValidationResult.html);
# a short message reads well in the console and in DescribeRestoreJob.
MAX_MESSAGE_LENGTH = 1000
_FINAL = ("SUCCESSFUL", "FAILED")

OutcomeStatus = Literal["SUCCESSFUL", "FAILED", "unsupported", "already_validated"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one restore test's job: the verdict reported, or why none was."""

    restore_job_id: str
    resource_type: str | None
    status: OutcomeStatus
    message: str


Result = Outcome | IgnoredEvent


def _restored(event: RestoreTestEvent, job: Mapping[str, Any]) -> Restored | Verdict:
    resource_type = event.resource_type or job.get("ResourceType")
    created = event.created_resource_arn or job.get("CreatedResourceArn")
    if not resource_type or not created:
        return failed("the restore job names no created resource")
    point = event.recovery_point_arn or job.get("RecoveryPointArn")
    return Restored(event.restore_job_id, resource_type, created, point)


def handle(event: Mapping[str, Any], config: Config, clients: ClientFactory) -> Result:
    """Validate the resource a restore test created and report it with
    ``PutRestoreValidationResult``; ignore anything else.

    Raises
    ------
    InvalidEventError, botocore.exceptions.ClientError
        When the event cannot be acted on or AWS refuses; Lambda then retries the event.
    """
    parsed = parse_event(event)
    if isinstance(parsed, IgnoredEvent):
        return parsed
    backup = clients("backup")
    job = backup.describe_restore_job(RestoreJobId=parsed.restore_job_id)
    if job.get("ValidationStatus") in _FINAL:
        message = f"already {job['ValidationStatus']}: {job.get('ValidationStatusMessage', '')}"
        return Outcome(parsed.restore_job_id, job.get("ResourceType"), "already_validated", message)
    restored = _restored(parsed, job)
    if isinstance(restored, Restored):
        validator = VALIDATORS.get(restored.resource_type)
        if validator is None:
            reason = f"no validation for resource type {restored.resource_type}"
            return Outcome(parsed.restore_job_id, restored.resource_type, "unsupported", reason)
        verdict = validator(restored, config, clients)
    else:
        verdict = restored
    message = verdict.message[:MAX_MESSAGE_LENGTH]
    backup.put_restore_validation_result(
        RestoreJobId=parsed.restore_job_id,
        ValidationStatus=verdict.status,
        ValidationStatusMessage=message,
    )
    resource_type = restored.resource_type if isinstance(restored, Restored) else None
    return Outcome(parsed.restore_job_id, resource_type, verdict.status, message)
