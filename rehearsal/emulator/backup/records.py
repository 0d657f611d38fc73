"""Backup jobs, recovery points and restore jobs as the emulator stores them.

Attribute names are the snake_case of the botocore member names: moto's serializer picks
``RecoveryPointArn`` from ``recovery_point_arn``, so the model decides every response shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from rehearsal.emulator.backup.resources import SourceSnapshot

__all__ = ["BackupJob", "RecoveryPoint", "RestoreJob", "RestoreStatus"]

RestoreStatus = Literal["COMPLETED", "FAILED"]


@dataclass(slots=True)
class RecoveryPoint:
    """A COMPLETED recovery point in a vault, holding its source's snapshot."""

    recovery_point_arn: str
    backup_vault_name: str
    backup_vault_arn: str
    iam_role_arn: str
    creation_date: datetime
    source: SourceSnapshot
    lifecycle: dict[str, Any] | None = None
    encryption_key_arn: str | None = None
    last_restore_time: datetime | None = None
    status: str = "COMPLETED"
    storage_class: str = "WARM"
    vault_type: str = "BACKUP_VAULT"
    is_parent: bool = False

    @property
    def resource_arn(self) -> str:
        return self.source.arn

    @property
    def resource_type(self) -> str:
        return self.source.resource_type

    @property
    def resource_name(self) -> str:
        return self.source.name

    @property
    def backup_size_in_bytes(self) -> int:
        return self.source.size_in_bytes

    @property
    def backup_size_bytes(self) -> int:
        """ListRecoveryPointsByResource spells the size member differently."""
        return self.source.size_in_bytes

    @property
    def completion_date(self) -> datetime:
        return self.creation_date

    @property
    def initiation_date(self) -> datetime:
        return self.creation_date

    @property
    def is_encrypted(self) -> bool:
        return self.encryption_key_arn is not None

    @property
    def calculated_lifecycle(self) -> dict[str, datetime] | None:
        if not self.lifecycle:
            return None
        offsets = {
            "MoveToColdStorageAt": "MoveToColdStorageAfterDays",
            "DeleteAt": "DeleteAfterDays",
        }
        return {
            member: self.creation_date + timedelta(days=int(self.lifecycle[days]))
            for member, days in offsets.items()
            if self.lifecycle.get(days) is not None
        }


@dataclass(slots=True)
class BackupJob:
    """An on-demand backup job; the emulator completes it inside StartBackupJob."""

    account_id: str
    backup_job_id: str
    backup_vault_name: str
    backup_vault_arn: str
    recovery_point_arn: str
    resource_arn: str
    resource_type: str
    resource_name: str
    iam_role_arn: str
    creation_date: datetime
    backup_size_in_bytes: int
    recovery_point_lifecycle: dict[str, Any] | None = None
    encryption_key_arn: str | None = None
    backup_options: dict[str, str] | None = None
    state: str = "COMPLETED"
    percent_done: str = "100.0"
    is_parent: bool = False

    @classmethod
    def for_point(cls, account_id: str, job_id: str, point: RecoveryPoint) -> BackupJob:
        """The job that produced ``point``: it shares its vault, resource, role and dates."""
        return cls(
            account_id=account_id,
            backup_job_id=job_id,
            backup_vault_name=point.backup_vault_name,
            backup_vault_arn=point.backup_vault_arn,
            recovery_point_arn=point.recovery_point_arn,
            resource_arn=point.resource_arn,
            resource_type=point.resource_type,
            resource_name=point.resource_name,
            iam_role_arn=point.iam_role_arn,
            creation_date=point.creation_date,
            backup_size_in_bytes=point.backup_size_in_bytes,
            recovery_point_lifecycle=point.lifecycle,
            encryption_key_arn=point.encryption_key_arn,
        )

    @property
    def completion_date(self) -> datetime:
        return self.creation_date

    @property
    def initiation_date(self) -> datetime:
        return self.creation_date

    @property
    def bytes_transferred(self) -> int:
        return self.backup_size_in_bytes

    @property
    def is_encrypted(self) -> bool:
        return self.encryption_key_arn is not None


@dataclass(slots=True)
class RestoreJob:
    """A restore job, COMPLETED with the created resource's ARN or FAILED with a message."""

    account_id: str
    restore_job_id: str
    recovery_point_arn: str
    source_resource_arn: str
    backup_vault_arn: str
    iam_role_arn: str
    resource_type: str
    backup_size_in_bytes: int
    recovery_point_creation_date: datetime
    creation_date: datetime
    completion_date: datetime
    status: RestoreStatus
    created_resource_arn: str | None = None
    status_message: str | None = None
    percent_done: str = "100.00"
    expected_completion_time_minutes: int = 0
    is_parent: bool = False
    # Set only on jobs that restore testing started (restore_testing/run.py).
    created_by: dict[str, str] | None = None
    validation_status: str | None = None
    validation_status_message: str | None = None
    deletion_status: str | None = None
    deletion_status_message: str | None = None
