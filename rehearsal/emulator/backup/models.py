"""moto's BackupBackend plus backup jobs, recovery points and restore jobs.

moto keeps one backend per account and Region, so jobs live where the caller's credentials
point. Every job completes inside the call that starts it and emits its EventBridge event.
Longer than most modules: it is the one place that holds the state of all these operations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from moto.backup import urls as backup_urls
from moto.backup.models import BackupBackend, Vault
from moto.moto_api._internal import mock_random

from rehearsal.emulator.backup import copies, listing
from rehearsal.emulator.backup.events import put_job_event
from rehearsal.emulator.backup.exceptions import (
    InvalidParameterValueException,
    InvalidRequestException,
    ResourceNotFoundException,
)
from rehearsal.emulator.backup.records import BackupJob, RecoveryPoint, RestoreJob
from rehearsal.emulator.backup.resources import Arn, Scope, SourceSnapshot, kind_for
from rehearsal.emulator.backup.restores import new_job_id, now, run_restore

__all__ = ["ExtendedBackupBackend", "Page"]

Page = tuple[list[Any], str | None]


# Types with full AWS Backup management: AWS copies the resource's tags onto the recovery
# point, so they survive the resource (https://docs.aws.amazon.com/aws-backup/latest/devguide/
# backup-feature-availability.html#features-by-resource). So does the service's own snapshot or
# image that is the recovery point of most other types (tags-on-backups.html). The rest keep
# only the tags the job asks for.
FULLY_MANAGED_TYPES = frozenset({"S3", "EFS", "Timestream", "VirtualMachine", "CloudFormation"})


def _recovery_point_tags(
    source: SourceSnapshot, requested: dict[str, str] | None, service_copy: bool
) -> dict[str, str]:
    copied: dict[str, str] = {}
    if service_copy or source.resource_type in FULLY_MANAGED_TYPES:
        copied = {k: v for k, v in source.tags.items() if not k.startswith("aws:")}
    return {**copied, **(requested or {})}


def _check_role(role_arn: str) -> None:
    arn = Arn.parse(role_arn)
    if arn.service != "iam" or arn.kind != "role":
        raise InvalidParameterValueException(f"Invalid IAM role ARN: {role_arn}")


def _check_tag_keys(tags: Mapping[str, str]) -> None:
    reserved = sorted(key for key in tags if key.lower().startswith("aws:"))
    if reserved:
        raise InvalidParameterValueException(
            f"Tag keys starting with aws: are reserved: {reserved}"
        )


class ExtendedBackupBackend(BackupBackend):
    """BackupBackend with the job and recovery point operations moto 5.2 lacks."""

    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.init_job_state()

    def init_job_state(self) -> None:
        """Empty job state; also called on a backend adopted from moto's own class."""
        self.backup_jobs: dict[str, BackupJob] = {}
        self.recovery_points: dict[str, RecoveryPoint] = {}
        self.restore_jobs: dict[str, RestoreJob] = {}
        self.idempotency_tokens: dict[tuple[str, str], str] = {}

    @property
    def _url_module(self) -> Any:
        # BaseBackend looks for the URL table next to the class's module; ours is moto's.
        return backup_urls

    @property
    def scope(self) -> Scope:
        return Scope(self.account_id, self.region_name)

    def _vault(self, name: str) -> Vault:
        if name not in self.vaults:
            raise ResourceNotFoundException(f"Backup vault {name} not found")
        return self.vaults[name]

    def _point(self, vault_name: str, point_arn: str) -> RecoveryPoint:
        self._vault(vault_name)
        point = self.recovery_points.get(point_arn)
        if point is None or point.backup_vault_name != vault_name:
            raise ResourceNotFoundException(f"Recovery point {point_arn} not found")
        return point

    def _check_scope(self, arn: Arn) -> None:
        # S3 ARNs carry neither Region nor account; any other ARN must be this backend's.
        if arn.region not in ("", self.region_name) or arn.account_id not in ("", self.account_id):
            raise InvalidParameterValueException(f"{arn} is not in this account and Region")

    def start_backup_job(
        self,
        backup_vault_name: str,
        resource_arn: str,
        iam_role_arn: str,
        idempotency_token: str | None = None,
        lifecycle: dict[str, Any] | None = None,
        recovery_point_tags: dict[str, str] | None = None,
        backup_options: dict[str, str] | None = None,
    ) -> BackupJob:
        vault = self._vault(backup_vault_name)
        if previous := self.idempotency_tokens.get(("backup", idempotency_token or "")):
            return self.backup_jobs[previous]
        _check_role(iam_role_arn)
        _check_tag_keys(recovery_point_tags or {})
        arn = Arn.parse(resource_arn)
        self._check_scope(arn)
        kind, job_id = kind_for(arn), new_job_id()
        source = kind.snapshot(arn, self.scope)
        tags = _recovery_point_tags(source, recovery_point_tags, kind.service_copy is not None)
        # Types AWS Backup does not fully manage: the recovery point is the service's own
        # snapshot or image, carrying the tags; AWS Backup keeps none for it.
        kept = kind.service_copy(source, self.scope, job_id, tags) if kind.service_copy else None
        point = RecoveryPoint(
            recovery_point_arn=kept
            or f"arn:{self.partition}:backup:{self.region_name}:"
            f"{self.account_id}:recovery-point:{mock_random.uuid4()}",
            backup_vault_name=vault.backup_vault_name,
            backup_vault_arn=vault.backup_vault_arn,
            iam_role_arn=iam_role_arn,
            creation_date=now(),
            source=source,
            lifecycle=lifecycle,
            encryption_key_arn=vault.encryption_key_arn,
        )
        self.recovery_points[point.recovery_point_arn] = point
        vault.num_of_recovery_points += 1
        if kept is None:
            self.tag_resource(point.recovery_point_arn, tags)
        job = BackupJob.for_point(self.account_id, job_id, point)
        job.backup_options = backup_options
        self.backup_jobs[job.backup_job_id] = job
        if idempotency_token:
            self.idempotency_tokens[("backup", idempotency_token)] = job.backup_job_id
        put_job_event(self.scope, job)
        return job

    def describe_backup_job(self, backup_job_id: str) -> BackupJob:
        if backup_job_id not in self.backup_jobs:
            raise ResourceNotFoundException(f"Backup job {backup_job_id} not found")
        return self.backup_jobs[backup_job_id]

    def list_backup_jobs(
        self, filters: Mapping[str, Any], max_results: int | None, token: str | None
    ) -> Page:
        """Newest first, as AWS lists jobs."""
        jobs = [
            job
            for job in reversed(self.backup_jobs.values())
            if listing.matches(job, filters, listing.BACKUP_JOB_FILTERS)
        ]
        return listing.paginate(jobs, lambda job: job.backup_job_id, max_results, token)

    def describe_recovery_point(
        self, backup_vault_name: str, recovery_point_arn: str
    ) -> RecoveryPoint:
        return self._point(backup_vault_name, recovery_point_arn)

    def get_recovery_point_restore_metadata(
        self, backup_vault_name: str, recovery_point_arn: str
    ) -> dict[str, Any]:
        point = self._point(backup_vault_name, recovery_point_arn)
        return {
            "BackupVaultArn": point.backup_vault_arn,
            "RecoveryPointArn": point.recovery_point_arn,
            "ResourceType": point.resource_type,
            "RestoreMetadata": dict(point.source.restore_metadata),
        }

    def delete_recovery_point(self, backup_vault_name: str, recovery_point_arn: str) -> None:
        point = self._point(backup_vault_name, recovery_point_arn)
        del self.recovery_points[point.recovery_point_arn]
        self.vaults[backup_vault_name].num_of_recovery_points -= 1
        self.tagger.delete_all_tags_for_resource(point.recovery_point_arn)

    def list_recovery_points_by_backup_vault(
        self,
        backup_vault_name: str,
        filters: Mapping[str, Any],
        max_results: int | None,
        token: str | None,
    ) -> Page:
        self._vault(backup_vault_name)
        points = [
            point
            for point in reversed(self.recovery_points.values())
            if point.backup_vault_name == backup_vault_name
            and listing.matches(point, filters, listing.RECOVERY_POINT_FILTERS)
        ]
        return listing.paginate(points, lambda point: point.recovery_point_arn, max_results, token)

    def list_recovery_points_by_resource(
        self, resource_arn: str, max_results: int | None, token: str | None
    ) -> Page:
        points = [
            point
            for point in reversed(self.recovery_points.values())
            if point.resource_arn == resource_arn
        ]
        return listing.paginate(points, lambda point: point.recovery_point_arn, max_results, token)

    def start_restore_job(
        self,
        recovery_point_arn: str,
        metadata: Mapping[str, str],
        iam_role_arn: str | None = None,
        idempotency_token: str | None = None,
        resource_type: str | None = None,
        copy_source_tags_to_restored_resource: bool = False,
        created_by: dict[str, str] | None = None,
    ) -> RestoreJob:
        """``created_by`` is set only by restore testing (restore_testing/run.py)."""
        if previous := self.idempotency_tokens.get(("restore", idempotency_token or "")):
            return self.restore_jobs[previous]
        point = self.recovery_points.get(recovery_point_arn)
        if point is None:
            raise ResourceNotFoundException(f"Recovery point {recovery_point_arn} not found")
        if resource_type and resource_type != point.resource_type:
            raise InvalidParameterValueException(
                f"ResourceType {resource_type} does not match {point.resource_type}"
            )
        if iam_role_arn:
            _check_role(iam_role_arn)
        # The key policy of the recovery point's key may refuse the restoring role (copies.py).
        job = self._denied_restore(point, iam_role_arn or point.iam_role_arn) or run_restore(
            point, metadata, iam_role_arn, copy_source_tags_to_restored_resource, self.scope
        )
        job.created_by = created_by
        self.restore_jobs[job.restore_job_id] = job
        if idempotency_token:
            self.idempotency_tokens[("restore", idempotency_token)] = job.restore_job_id
        put_job_event(self.scope, job)
        return job

    def describe_restore_job(self, restore_job_id: str) -> RestoreJob:
        if restore_job_id not in self.restore_jobs:
            raise ResourceNotFoundException(f"Restore job {restore_job_id} not found")
        return self.restore_jobs[restore_job_id]

    def list_restore_jobs(
        self, filters: Mapping[str, Any], max_results: int | None, token: str | None
    ) -> Page:
        """Newest first, as AWS lists jobs."""
        jobs = [
            job
            for job in reversed(self.restore_jobs.values())
            if listing.matches(job, filters, listing.RESTORE_JOB_FILTERS)
        ]
        return listing.paginate(jobs, lambda job: job.restore_job_id, max_results, token)

    def _check_taggable(self, resource_arn: str) -> None:
        # Tags of a recovery point that is a service's snapshot or image live on it; AWS Backup
        # tags only its own ARNs (https://docs.aws.amazon.com/aws-backup/latest/devguide/
        # API_ListTags.html), and answers InvalidParameterValueException, a modelled error.
        if Arn.parse(resource_arn).service != "backup":
            raise InvalidParameterValueException(
                f"Unsupported resource type for tagging: {resource_arn}. Tags are supported "
                "only for resource types with full AWS Backup management."
            )
        if ":recovery-point:" in resource_arn and resource_arn not in self.recovery_points:
            raise ResourceNotFoundException(f"Recovery point {resource_arn} not found")

    def list_tags(self, resource_arn: str) -> dict[str, str]:
        self._check_taggable(resource_arn)
        return super().list_tags(resource_arn)

    def tag_resource(self, resource_arn: str, tags: dict[str, str]) -> None:
        self._check_taggable(resource_arn)
        _check_tag_keys(tags or {})
        super().tag_resource(resource_arn, tags)

    def untag_resource(self, resource_arn: str, tag_key_list: list[str]) -> None:
        self._check_taggable(resource_arn)
        super().untag_resource(resource_arn, tag_key_list)

    def delete_backup_vault(self, backup_vault_name: str) -> None:
        # AWS refuses to delete a vault that still holds recovery points; moto does not check.
        if any(
            point.backup_vault_name == backup_vault_name for point in self.recovery_points.values()
        ):
            raise InvalidRequestException(
                "Backup vault cannot be deleted because it contains recovery points"
            )
        super().delete_backup_vault(backup_vault_name)

    # Copy jobs, vault access policies and global settings (copies.py, copy_auth.py) ------

    @property
    def copy_state(self) -> copies.CopyState:
        """Copy jobs and settings of this account and Region, made on first use."""
        state = self.__dict__.get("_copy_state")
        if state is None:
            state = self.__dict__["_copy_state"] = copies.CopyState()
        assert isinstance(state, copies.CopyState)
        return state

    def _denied_restore(self, point: RecoveryPoint, iam_role_arn: str) -> RestoreJob | None:
        return copies.denied_restore(
            point,
            iam_role_arn,
            self.scope,
            point.resource_type in FULLY_MANAGED_TYPES,
            point.recovery_point_arn in self.copy_state.copied_points,
        )

    def start_copy_job(
        self,
        recovery_point_arn: str,
        source_backup_vault_name: str,
        destination_backup_vault_arn: str,
        iam_role_arn: str,
        idempotency_token: str | None = None,
        lifecycle: dict[str, Any] | None = None,
    ) -> copies.CopyJob:
        point = self._point(source_backup_vault_name, recovery_point_arn)
        if previous := self.idempotency_tokens.get(("copy", idempotency_token or "")):
            return self.copy_state.copy_jobs[previous]
        _check_role(iam_role_arn)
        job = copies.start_copy_job(
            self,
            point,
            destination_backup_vault_arn,
            iam_role_arn,
            lifecycle,
            point.resource_type in FULLY_MANAGED_TYPES,
        )
        if idempotency_token:
            self.idempotency_tokens[("copy", idempotency_token)] = job.copy_job_id
        return job

    def describe_copy_job(self, copy_job_id: str) -> copies.CopyJob:
        if copy_job_id not in self.copy_state.copy_jobs:
            raise ResourceNotFoundException(f"Copy job {copy_job_id} not found")
        return self.copy_state.copy_jobs[copy_job_id]

    def list_copy_jobs(
        self, filters: Mapping[str, Any], max_results: int | None, token: str | None
    ) -> Page:
        """Newest first, as AWS lists jobs."""
        jobs = [
            job
            for job in reversed(self.copy_state.copy_jobs.values())
            if listing.matches(job, filters, copies.COPY_JOB_FILTERS)
        ]
        return listing.paginate(jobs, lambda job: job.copy_job_id, max_results, token)

    def put_backup_vault_access_policy(self, backup_vault_name: str, policy: str | None) -> None:
        # Kept on the vault, so deleting the vault deletes its policy.
        self._vault(backup_vault_name).access_policy = policy  # type: ignore[attr-defined]

    def get_backup_vault_access_policy(self, backup_vault_name: str) -> dict[str, Any]:
        vault = self._vault(backup_vault_name)
        policy = getattr(vault, "access_policy", None)
        if policy is None:
            raise ResourceNotFoundException(
                f"Backup vault {backup_vault_name} has no access policy"
            )
        return {
            "BackupVaultName": vault.backup_vault_name,
            "BackupVaultArn": vault.backup_vault_arn,
            "Policy": policy,
        }

    def delete_backup_vault_access_policy(self, backup_vault_name: str) -> None:
        self._vault(backup_vault_name).access_policy = None  # type: ignore[attr-defined]

    def describe_global_settings(self) -> dict[str, Any]:
        copies.check_global_settings_caller(self, update=False)
        state = self.copy_state
        return {
            "GlobalSettings": {"isCrossAccountBackupEnabled": "false"} | state.global_settings,
            "LastUpdateTime": state.global_settings_updated,
        }

    def update_global_settings(self, global_settings: Mapping[str, str]) -> None:
        copies.check_global_settings_caller(self, update=True)
        # The settings UpdateGlobalSettings documents, each "true" or "false".
        known = {"isCrossAccountBackupEnabled", "isMpaEnabled", "isDelegatedAdministratorEnabled"}
        bad = sorted(
            name
            for name, value in global_settings.items()
            if name not in known or value.lower() not in ("true", "false")
        )
        if bad:
            raise InvalidParameterValueException(
                f"GlobalSettings: unknown names or values other than true/false: {bad}"
            )
        self.copy_state.global_settings.update(global_settings)
        self.copy_state.global_settings_updated = now()
