"""EventBridge events for backup and restore jobs, put on the account's default bus.

The shapes follow the AWS Backup events documentation: backup jobs report ``state``,
restore jobs ``status``; sizes are strings; dates are ISO 8601 with milliseconds.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from moto.events.models import events_backends

from rehearsal.emulator.backup.records import BackupJob, RestoreJob
from rehearsal.emulator.backup.resources import Scope

__all__ = ["BACKUP_JOB_STATE_CHANGE", "RESTORE_JOB_STATE_CHANGE", "SOURCE", "put_job_event"]

SOURCE = "aws.backup"
BACKUP_JOB_STATE_CHANGE = "Backup Job State Change"
RESTORE_JOB_STATE_CHANGE = "Restore Job State Change"


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def backup_job_detail(job: BackupJob) -> dict[str, Any]:
    detail = {
        "backupJobId": job.backup_job_id,
        "backupVaultArn": job.backup_vault_arn,
        "backupVaultName": job.backup_vault_name,
        "recoveryPointArn": job.recovery_point_arn,
        "resourceArn": job.resource_arn,
        "resourceType": job.resource_type,
        "state": job.state,
        "iamRoleArn": job.iam_role_arn,
        "creationDate": _iso(job.creation_date),
        "completionDate": _iso(job.completion_date),
        "percentDone": job.percent_done,
        "backupSizeInBytes": str(job.backup_size_in_bytes),
        "bytesTransferred": str(job.bytes_transferred),
        # Set on failed jobs only (job_failures.py); a failed job has no recovery point.
        "statusMessage": getattr(job, "status_message", None),
    }
    return {key: value for key, value in detail.items() if value not in (None, "")}


def restore_job_detail(job: RestoreJob) -> dict[str, Any]:
    detail = {
        "restoreJobId": job.restore_job_id,
        "backupVaultArn": job.backup_vault_arn,
        "recoveryPointArn": job.recovery_point_arn,
        "sourceResourceArn": job.source_resource_arn,
        "createdResourceArn": job.created_resource_arn,
        "resourceType": job.resource_type,
        "status": job.status,
        "statusMessage": job.status_message,
        "iamRoleArn": job.iam_role_arn,
        "creationDate": _iso(job.creation_date),
        "completionDate": _iso(job.completion_date),
        "percentDone": job.percent_done,
        "backupSizeInBytes": str(job.backup_size_in_bytes),
        # Jobs started by restore testing name their plan.
        "restoreTestingPlanArn": (job.created_by or {}).get("RestoreTestingPlanArn"),
    }
    return {key: value for key, value in detail.items() if value is not None}


def put_job_event(scope: Scope, job: BackupJob | RestoreJob) -> None:
    """Put the state-change event for ``job`` on the default bus of ``scope``.

    moto delivers it to the targets (SQS among them) of every matching rule at once.
    """
    if isinstance(job, BackupJob):
        detail_type, detail = BACKUP_JOB_STATE_CHANGE, backup_job_detail(job)
        resources = [job.resource_arn]
    else:
        detail_type, detail = RESTORE_JOB_STATE_CHANGE, restore_job_detail(job)
        resources = [job.created_resource_arn] if job.created_resource_arn else []
    entry = {
        "Source": SOURCE,
        "DetailType": detail_type,
        "Detail": json.dumps(detail),
        "Resources": resources,
        "EventBusName": "default",
    }
    events_backends[scope.account_id][scope.region].put_events([entry])
