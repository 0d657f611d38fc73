"""Restore jobs as restore testing sees them: validation results and the metadata of a test.

https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutRestoreValidationResult.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
"""

from __future__ import annotations

from rehearsal.emulator.backup.exceptions import (
    InvalidParameterValueException,
    InvalidRequestException,
    ResourceNotFoundException,
)
from rehearsal.emulator.backup.records import RestoreJob
from rehearsal.emulator.backup.restore_testing.plans import RestoreTestingBackend

__all__ = [
    "VALIDATION_STATUSES",
    "get_restore_job_metadata",
    "get_restore_testing_inferred_metadata",
    "put_restore_validation_result",
]

# RestoreValidationStatus in the API reference (there is no SKIPPED).
VALIDATION_STATUSES = frozenset({"FAILED", "SUCCESSFUL", "TIMED_OUT", "VALIDATING"})


def put_restore_validation_result(
    testing: RestoreTestingBackend, restore_job_id: str, status: str, message: str | None
) -> RestoreJob:
    """Record a validation result on a COMPLETED job that restore testing started.

    Raises
    ------
    ResourceNotFoundException
        No such restore job in this account and Region.
    InvalidParameterValueException
        ``status`` is not a RestoreValidationStatus.
    InvalidRequestException
        The job was not started by restore testing, or did not complete.
    """
    job = testing.backup.describe_restore_job(restore_job_id)
    if status not in VALIDATION_STATUSES:
        raise InvalidParameterValueException(
            f"ValidationStatus: {status!r} is not one of {sorted(VALIDATION_STATUSES)}"
        )
    if not (job.created_by or {}).get("RestoreTestingPlanArn"):
        raise InvalidRequestException(
            f"Restore job {restore_job_id} was not created by a restore testing plan"
        )
    if job.status != "COMPLETED":
        raise InvalidRequestException(
            f"Restore job {restore_job_id} is {job.status}; only a COMPLETED job is validated"
        )
    job.validation_status = status
    job.validation_status_message = message
    return job


def get_restore_job_metadata(testing: RestoreTestingBackend, restore_job_id: str) -> dict[str, str]:
    """The metadata a restore-testing job was started with.

    Raises
    ------
    ResourceNotFoundException
        No such job, or a job the emulator did not start through restore testing (it keeps
        the metadata of those only).
    """
    testing.backup.describe_restore_job(restore_job_id)
    if restore_job_id not in testing.state.job_metadata:
        raise ResourceNotFoundException(
            f"The emulator keeps metadata only for restore testing jobs: {restore_job_id}"
        )
    return dict(testing.state.job_metadata[restore_job_id])


def get_restore_testing_inferred_metadata(
    testing: RestoreTestingBackend,
    backup_vault_name: str,
    recovery_point_arn: str,
    backup_vault_account_id: str | None = None,
) -> dict[str, str]:
    """The metadata restore testing would restore ``recovery_point_arn`` with.

    The emulator infers what the recovery point recorded at backup time; names of new
    resources are left out, so every restore creates a new resource with a generated name.
    """
    if backup_vault_account_id not in (None, "", testing.backup.account_id):
        raise ResourceNotFoundException(
            f"Backup vault {backup_vault_name} not found in account {backup_vault_account_id}"
        )
    point = testing.backup.describe_recovery_point(backup_vault_name, recovery_point_arn)
    return dict(point.source.restore_metadata)
