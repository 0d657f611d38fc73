"""Copy jobs: a recovery point copied to another vault, Region or account of the organization.

StartCopyJob checks the request (source vault and recovery point exist, ARNs well formed) and
raises the errors the botocore model lists for it; everything AWS decides while the job runs
(organization, the destination vault's access policy, the KMS key policies: ``copy_auth.py``)
ends the job FAILED with AWS's StatusMessage and leaves no recovery point in the destination.
A job that may run completes inside the call: the copy is a new recovery point in the
destination vault, encrypted with that vault's key, carrying the source point's tags.
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartCopyJob.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html

The job lives in the account and Region that started it (its DescribeCopyJob and ListCopyJobs)
and puts a "Copy Job State Change" event on that account's default bus.
https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from moto.backup.models import backup_backends
from moto.events.models import events_backends
from moto.moto_api._internal import mock_random

from rehearsal.emulator.backup import listing
from rehearsal.emulator.backup.copy_auth import (
    CopyRequest,
    copy_denial,
    organization_of,
    point_key,
    restore_denial,
)
from rehearsal.emulator.backup.events import SOURCE
from rehearsal.emulator.backup.exceptions import (
    InvalidParameterValueException,
    InvalidRequestException,
)
from rehearsal.emulator.backup.records import RecoveryPoint, RestoreJob
from rehearsal.emulator.backup.resources import Arn, Scope, ec2
from rehearsal.emulator.backup.restores import new_job_id, now

if TYPE_CHECKING:
    from rehearsal.emulator.backup.models import ExtendedBackupBackend

__all__ = [
    "COPY_JOB_FILTERS",
    "COPY_JOB_STATE_CHANGE",
    "ROUTES",
    "CopyJob",
    "CopyState",
    "check_global_settings_caller",
    "denied_restore",
    "install",
    "start_copy_job",
]

COPY_JOB_STATE_CHANGE = "Copy Job State Change"

# Paths moto 5.2 does not route (moto's url_paths style, as in backup/__init__.py).
ROUTES: tuple[str, ...] = (
    "{0}/copy-jobs$",
    "{0}/copy-jobs/$",
    "{0}/copy-jobs/(?P<copyJobId>[^/]+)$",
    "{0}/global-settings$",
    "{0}/backup-vaults/(?P<backupVaultName>[^/]+)/access-policy$",
)

_DATE_FILTERS = ("ByCreatedAfter", "ByCreatedBefore", "ByCompleteAfter", "ByCompleteBefore")
COPY_JOB_FILTERS: Mapping[str, Callable[[Any, Any], bool]] = {
    name: listing.BACKUP_JOB_FILTERS[name] for name in _DATE_FILTERS
} | {
    "ByResourceArn": lambda job, value: job.resource_arn == value,
    "ByState": lambda job, value: job.state == value,
    "ByResourceType": lambda job, value: job.resource_type == value,
    "ByDestinationVaultArn": lambda job, value: job.destination_backup_vault_arn == value,
    "ByAccountId": lambda job, value: job.account_id == value,
    "BySourceRecoveryPointArn": lambda job, value: job.source_recovery_point_arn == value,
    # On-demand copies have no parent job.
    "ByParentJobId": lambda job, value: False,
}


@dataclass(slots=True)
class CopyJob:
    """A copy job, COMPLETED with the destination recovery point or FAILED with a message.

    Attribute names are the snake_case of botocore's ``CopyJob`` members.
    """

    account_id: str
    copy_job_id: str
    source_backup_vault_arn: str
    source_recovery_point_arn: str
    destination_backup_vault_arn: str
    resource_arn: str
    resource_type: str
    resource_name: str
    iam_role_arn: str
    creation_date: datetime
    completion_date: datetime
    backup_size_in_bytes: int
    state: str
    status_message: str | None = None
    destination_recovery_point_arn: str | None = None
    destination_encryption_key_arn: str | None = None
    destination_recovery_point_lifecycle: dict[str, Any] | None = None
    destination_vault_type: str = "BACKUP_VAULT"
    is_parent: bool = False


@dataclass(slots=True)
class CopyState:
    """What one backend keeps for copies: its jobs and which of its points are copies."""

    copy_jobs: dict[str, CopyJob] = field(default_factory=dict)
    copied_points: set[str] = field(default_factory=set)
    global_settings: dict[str, str] = field(default_factory=dict)
    global_settings_updated: datetime | None = None


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _put_event(scope: Scope, job: CopyJob) -> None:
    detail = {
        "copyJobId": job.copy_job_id,
        "sourceBackupVaultArn": job.source_backup_vault_arn,
        "destinationBackupVaultArn": job.destination_backup_vault_arn,
        "sourceRecoveryPointArn": job.source_recovery_point_arn,
        "destinationRecoveryPointArn": job.destination_recovery_point_arn,
        "resourceArn": job.resource_arn,
        "resourceType": job.resource_type,
        "state": job.state,
        "statusMessage": job.status_message,
        "iamRoleArn": job.iam_role_arn,
        "creationDate": _iso(job.creation_date),
        "completionDate": _iso(job.completion_date),
        "backupSizeInBytes": str(job.backup_size_in_bytes),
    }
    entry = {
        "Source": SOURCE,
        "DetailType": COPY_JOB_STATE_CHANGE,
        "Detail": json.dumps({k: v for k, v in detail.items() if v is not None}),
        "Resources": [job.source_recovery_point_arn],
        "EventBusName": "default",
    }
    events_backends[scope.account_id][scope.region].put_events([entry])


def _destination(arn_text: str) -> tuple[Scope, str]:
    arn = Arn.parse(arn_text)
    if arn.service != "backup" or arn.kind != "backup-vault" or not arn.account_id:
        raise InvalidParameterValueException(f"Invalid DestinationBackupVaultArn: {arn_text}")
    return Scope(arn.account_id, arn.region), arn.resource_id


# Recovery points that are a service's own snapshot, copied as such a snapshot in the
# destination: (source point ARN, source scope, destination scope, tags) -> the copy's ARN.
SERVICE_COPIES: Mapping[str, Callable[[str, Scope, Scope, Mapping[str, str]], str]] = {
    "EBS": ec2.copy_snapshot,
}


def _copy_point(
    destination: ExtendedBackupBackend,
    vault_name: str,
    point: RecoveryPoint,
    source: Scope,
    iam_role_arn: str,
    lifecycle: dict[str, Any] | None,
    tags: Mapping[str, str],
) -> RecoveryPoint:
    """The copy in the destination's account and Region, encrypted with its vault's key.

    An EBS snapshot is copied as an EBS snapshot in the destination, carrying the tags, as AWS
    does; every other copy is AWS Backup's own recovery point, tagged there (AWS makes EC2 and
    RDS copies as that service's image or snapshot: not modelled, docs/emulator.md).
    """
    vault = destination.vaults[vault_name]
    scope = destination.scope
    copier = SERVICE_COPIES.get(point.resource_type)
    service_copy = Arn.parse(point.recovery_point_arn).service != "backup" and copier is not None
    kept = (
        copier(point.recovery_point_arn, source, scope, tags) if copier and service_copy else None
    )
    copy = RecoveryPoint(
        recovery_point_arn=kept
        or f"arn:{scope.partition}:backup:{scope.region}:{scope.account_id}:"
        f"recovery-point:{mock_random.uuid4()}",
        backup_vault_name=vault.backup_vault_name,
        backup_vault_arn=vault.backup_vault_arn,
        iam_role_arn=iam_role_arn,
        creation_date=now(),
        source=point.source,
        lifecycle=lifecycle if lifecycle is not None else point.lifecycle,
        encryption_key_arn=vault.encryption_key_arn,
    )
    destination.recovery_points[copy.recovery_point_arn] = copy
    vault.num_of_recovery_points += 1
    destination.copy_state.copied_points.add(copy.recovery_point_arn)
    if tags and kept is None:
        destination.tag_resource(copy.recovery_point_arn, dict(tags))
    return copy


def _point_tags(backend: ExtendedBackupBackend, point: RecoveryPoint) -> dict[str, str]:
    """The tags a copy carries: AWS Backup's tags of its own recovery points, else those of
    the service's snapshot or image (which AWS Backup does not tag)."""
    if Arn.parse(point.recovery_point_arn).service == "backup":
        return backend.list_tags(point.recovery_point_arn)
    if point.resource_type == "EBS":
        return ec2.snapshot_tags(point.recovery_point_arn, backend.scope)
    # Images and other services' snapshots: their source's tags (the job's own are not kept).
    return {k: v for k, v in point.source.tags.items() if not k.startswith("aws:")}


def start_copy_job(
    backend: ExtendedBackupBackend,
    point: RecoveryPoint,
    destination_backup_vault_arn: str,
    iam_role_arn: str,
    lifecycle: dict[str, Any] | None,
    fully_managed: bool,
) -> CopyJob:
    """Run one copy of ``point`` (already found in ``backend``) and record its job.

    Raises
    ------
    InvalidParameterValueException
        If ``destination_backup_vault_arn`` is not a backup vault ARN.
    """
    scope = backend.scope
    destination_scope, vault_name = _destination(destination_backup_vault_arn)
    started = now()
    # install() makes every backup backend an ExtendedBackupBackend.
    destination = cast(
        "ExtendedBackupBackend",
        backup_backends[destination_scope.account_id][destination_scope.region],
    )
    vault = destination.vaults.get(vault_name)
    message: str | None
    if vault is None:
        message = f"Backup vault {vault_name} does not exist in {destination_scope.account_id}"
    else:
        copied = point.recovery_point_arn in backend.copy_state.copied_points
        message = copy_denial(
            CopyRequest(
                point=point,
                key=point_key(point, scope, fully_managed, copied),
                source=scope,
                iam_role_arn=iam_role_arn,
                destination=destination_scope,
                destination_vault_arn=vault.backup_vault_arn,
                destination_key_arn=vault.encryption_key_arn,
                destination_access_policy=getattr(vault, "access_policy", None),
            )
        )
    copy = None
    if message is None:
        tags = _point_tags(backend, point)
        copy = _copy_point(destination, vault_name, point, scope, iam_role_arn, lifecycle, tags)
    job = CopyJob(
        account_id=scope.account_id,
        copy_job_id=new_job_id(),
        source_backup_vault_arn=point.backup_vault_arn,
        source_recovery_point_arn=point.recovery_point_arn,
        destination_backup_vault_arn=destination_backup_vault_arn,
        resource_arn=point.resource_arn,
        resource_type=point.resource_type,
        resource_name=point.resource_name,
        iam_role_arn=iam_role_arn,
        creation_date=started,
        completion_date=now(),
        backup_size_in_bytes=point.backup_size_in_bytes,
        state="FAILED" if message else "COMPLETED",
        status_message=message,
        destination_recovery_point_arn=copy.recovery_point_arn if copy else None,
        destination_encryption_key_arn=copy.encryption_key_arn if copy else None,
        destination_recovery_point_lifecycle=copy.lifecycle if copy else None,
    )
    backend.copy_state.copy_jobs[job.copy_job_id] = job
    _put_event(scope, job)
    return job


def check_global_settings_caller(backend: ExtendedBackupBackend, *, update: bool) -> None:
    """Any member may read the global settings; only the management account may change them.

    Raises
    ------
    InvalidRequestException
        Describe: the caller's account is in no organization ("Returns an error if the account
        is not a member of an Organizations organization",
        https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeGlobalSettings.html);
        Update: it is not the management account ("Returns an error if the account is not an
        Organizations management account",
        https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html).
    """
    org = organization_of(backend.account_id, backend.partition)
    if org is None:
        raise InvalidRequestException(f"Account {backend.account_id} is not in an organization")
    if update and org.management_account_id != backend.account_id:
        raise InvalidRequestException(
            f"Account {backend.account_id} is not the management account of an organization"
        )


def denied_restore(
    point: RecoveryPoint,
    iam_role_arn: str,
    scope: Scope,
    fully_managed: bool,
    copied: bool,
) -> RestoreJob | None:
    """A FAILED restore job when the key policy of ``point``'s key refuses ``iam_role_arn``,
    else None (the restore may run)."""
    key = point_key(point, scope, fully_managed, copied)
    message = restore_denial(key, iam_role_arn, scope)
    if message is None:
        return None
    started = now()
    return RestoreJob(
        account_id=scope.account_id,
        restore_job_id=new_job_id(),
        recovery_point_arn=point.recovery_point_arn,
        source_resource_arn=point.resource_arn,
        backup_vault_arn=point.backup_vault_arn,
        iam_role_arn=iam_role_arn,
        resource_type=point.resource_type,
        backup_size_in_bytes=point.backup_size_in_bytes,
        recovery_point_creation_date=point.creation_date,
        creation_date=started,
        completion_date=now(),
        status="FAILED",
        status_message=message,
    )


def install() -> None:
    """Route the copy job, global settings and vault access policy paths to the backup
    response class; run after ``rehearsal.emulator.backup.install()``."""
    from moto.backup import urls as backup_urls

    from rehearsal.emulator.backup.responses import ExtendedBackupResponse

    for path in ROUTES:
        backup_urls.url_paths[path] = ExtendedBackupResponse.dispatch
