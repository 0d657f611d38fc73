"""Emulator-only: record a FAILED backup job, as AWS Backup reports one, and emit its event.

Real backup jobs fail for reasons the emulator does not model (a resource gone mid-backup, a
role AWS Backup cannot assume, a full quota). ``fail_backup_job`` stands in for them: the job
is kept with ``State`` FAILED, a ``StatusMessage`` and a ``MessageCategory`` (DescribeBackupJob,
ListBackupJobs and the job summaries see it), no recovery point is made, and the "Backup Job
State Change" event with ``state: FAILED`` is put on the account's default bus.
https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
"""

from __future__ import annotations

from dataclasses import dataclass

from moto.backup.models import backup_backends

from rehearsal.emulator.backup.events import put_job_event
from rehearsal.emulator.backup.exceptions import InvalidParameterValueException
from rehearsal.emulator.backup.models import ExtendedBackupBackend
from rehearsal.emulator.backup.records import BackupJob
from rehearsal.emulator.backup.resources import Arn, kind_for
from rehearsal.emulator.backup.restores import new_job_id, now

__all__ = ["FailedBackupJob", "fail_backup_job"]


@dataclass(slots=True)
class FailedBackupJob(BackupJob):
    """A backup job that ended FAILED: no recovery point, a message saying why.

    ``message_category`` uses the categories of the jobs dashboard (e.g. ``ACCESS_DENIED``,
    ``INVALID_PARAMETERS``): https://docs.aws.amazon.com/aws-backup/latest/devguide/monitoring.html
    """

    status_message: str = ""
    message_category: str = "UNKNOWN"


def fail_backup_job(
    account_id: str,
    region: str,
    *,
    backup_vault_name: str,
    resource_arn: str,
    iam_role_arn: str,
    status_message: str,
    message_category: str = "UNKNOWN",
) -> FailedBackupJob:
    """Record a FAILED backup job of ``resource_arn`` in ``account_id``/``region``; emit its event.

    Returns the job (its ``backup_job_id`` is what DescribeBackupJob takes).

    Raises
    ------
    InvalidParameterValueException
        ``status_message`` is empty, or ``resource_arn`` is not an ARN of a supported kind.
    ResourceNotFoundException
        The account and Region have no vault ``backup_vault_name``.
    """
    if not status_message.strip():
        raise InvalidParameterValueException("status_message: a failed job says why it failed")
    backend = backup_backends[account_id][region]
    assert isinstance(backend, ExtendedBackupBackend), "the backup extension is not installed"
    vault = backend._vault(backup_vault_name)  # the same not-found error StartBackupJob raises
    arn = Arn.parse(resource_arn)
    job = FailedBackupJob(
        account_id=account_id,
        backup_job_id=new_job_id(),
        backup_vault_name=vault.backup_vault_name,
        backup_vault_arn=vault.backup_vault_arn,
        recovery_point_arn="",
        resource_arn=resource_arn,
        resource_type=kind_for(arn).resource_types[0],
        resource_name=arn.resource_id,
        iam_role_arn=iam_role_arn,
        creation_date=now(),
        backup_size_in_bytes=0,
        state="FAILED",
        percent_done="0.0",
        status_message=status_message,
        message_category=message_category,
    )
    backend.backup_jobs[job.backup_job_id] = job
    put_job_event(backend.scope, job)
    return job
