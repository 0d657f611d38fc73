"""Parse, call, serialize: moto's BackupResponse plus the job and recovery point operations.

Requests are parsed and responses serialized through the botocore model (moto's protocol
parser and ``ActionResult``), so a shape mismatch with AWS cannot hide in hand-built JSON.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from moto.backup.models import backup_backends
from moto.backup.responses import BackupResponse
from moto.core.responses import ActionResult, EmptyResult

from rehearsal.emulator.backup.exceptions import MissingParameterValueException
from rehearsal.emulator.backup.models import ExtendedBackupBackend

__all__ = ["ExtendedBackupResponse"]


class ExtendedBackupResponse(BackupResponse):
    """Every backup route dispatches here; moto's own operations are inherited unchanged."""

    @property
    def backend(self) -> ExtendedBackupBackend:
        backend = backup_backends[self.current_account][self.region]
        assert isinstance(backend, ExtendedBackupBackend), "install() has not run"
        return backend

    def _params(self) -> dict[str, Any]:
        # moto's generic parser reads body, query string and URI labels by the model.
        self.parse_parameters(self.normalized_request)
        return dict(self.params)

    def _required(self, params: dict[str, Any], name: str) -> Any:
        if params.get(name) in (None, ""):
            raise MissingParameterValueException(f"Missing required parameter {name}")
        return params[name]

    @staticmethod
    def _filters(params: dict[str, Any]) -> dict[str, Any]:
        # The parser yields naive datetimes (UTC); records hold aware ones.
        return {
            name: value.replace(tzinfo=UTC)
            if isinstance(value, datetime) and value.tzinfo is None
            else value
            for name, value in params.items()
            if name.startswith("By")
        }

    def start_backup_job(self) -> ActionResult:
        params = self._params()
        job = self.backend.start_backup_job(
            backup_vault_name=self._required(params, "BackupVaultName"),
            resource_arn=self._required(params, "ResourceArn"),
            iam_role_arn=self._required(params, "IamRoleArn"),
            idempotency_token=params.get("IdempotencyToken"),
            lifecycle=params.get("Lifecycle"),
            recovery_point_tags=params.get("RecoveryPointTags"),
            backup_options=params.get("BackupOptions"),
        )
        return ActionResult(job)

    def describe_backup_job(self) -> ActionResult:
        params = self._params()
        return ActionResult(self.backend.describe_backup_job(self._required(params, "BackupJobId")))

    def list_backup_jobs(self) -> ActionResult:
        params = self._params()
        jobs, token = self.backend.list_backup_jobs(
            self._filters(params), params.get("MaxResults"), params.get("NextToken")
        )
        return ActionResult({"BackupJobs": jobs, "NextToken": token})

    def describe_recovery_point(self) -> ActionResult:
        params = self._params()
        return ActionResult(
            self.backend.describe_recovery_point(
                self._required(params, "BackupVaultName"),
                self._required(params, "RecoveryPointArn"),
            )
        )

    def get_recovery_point_restore_metadata(self) -> ActionResult:
        params = self._params()
        return ActionResult(
            self.backend.get_recovery_point_restore_metadata(
                self._required(params, "BackupVaultName"),
                self._required(params, "RecoveryPointArn"),
            )
        )

    def delete_recovery_point(self) -> EmptyResult:
        params = self._params()
        self.backend.delete_recovery_point(
            self._required(params, "BackupVaultName"), self._required(params, "RecoveryPointArn")
        )
        return EmptyResult()

    def list_recovery_points_by_backup_vault(self) -> ActionResult:
        params = self._params()
        points, token = self.backend.list_recovery_points_by_backup_vault(
            self._required(params, "BackupVaultName"),
            self._filters(params),
            params.get("MaxResults"),
            params.get("NextToken"),
        )
        return ActionResult({"RecoveryPoints": points, "NextToken": token})

    def list_recovery_points_by_resource(self) -> ActionResult:
        params = self._params()
        points, token = self.backend.list_recovery_points_by_resource(
            self._required(params, "ResourceArn"), params.get("MaxResults"), params.get("NextToken")
        )
        return ActionResult({"RecoveryPoints": points, "NextToken": token})

    def start_restore_job(self) -> ActionResult:
        params = self._params()
        job = self.backend.start_restore_job(
            recovery_point_arn=self._required(params, "RecoveryPointArn"),
            metadata=params.get("Metadata") or {},
            iam_role_arn=params.get("IamRoleArn"),
            idempotency_token=params.get("IdempotencyToken"),
            resource_type=params.get("ResourceType"),
            copy_source_tags_to_restored_resource=bool(
                params.get("CopySourceTagsToRestoredResource")
            ),
        )
        return ActionResult(job)

    def describe_restore_job(self) -> ActionResult:
        params = self._params()
        return ActionResult(
            self.backend.describe_restore_job(self._required(params, "RestoreJobId"))
        )

    def list_restore_jobs(self) -> ActionResult:
        params = self._params()
        jobs, token = self.backend.list_restore_jobs(
            self._filters(params), params.get("MaxResults"), params.get("NextToken")
        )
        return ActionResult({"RestoreJobs": jobs, "NextToken": token})

    # moto's tag operations cut the ARN out of the path by hand, which breaks on ARNs that
    # contain "/" once the server has decoded the path; the model's URI label does not.
    def list_tags(self) -> ActionResult:  # type: ignore[override]
        params = self._params()
        return ActionResult({"Tags": self.backend.list_tags(self._required(params, "ResourceArn"))})

    def tag_resource(self) -> EmptyResult:  # type: ignore[override]
        params = self._params()
        self.backend.tag_resource(
            self._required(params, "ResourceArn"), self._required(params, "Tags")
        )
        return EmptyResult()

    def untag_resource(self) -> EmptyResult:  # type: ignore[override]
        params = self._params()
        self.backend.untag_resource(
            self._required(params, "ResourceArn"), self._required(params, "TagKeyList")
        )
        return EmptyResult()

    # Copy jobs, vault access policies, global settings (copies.py) -----------------------

    def start_copy_job(self) -> ActionResult:
        params = self._params()
        job = self.backend.start_copy_job(
            recovery_point_arn=self._required(params, "RecoveryPointArn"),
            source_backup_vault_name=self._required(params, "SourceBackupVaultName"),
            destination_backup_vault_arn=self._required(params, "DestinationBackupVaultArn"),
            iam_role_arn=self._required(params, "IamRoleArn"),
            idempotency_token=params.get("IdempotencyToken"),
            lifecycle=params.get("Lifecycle"),
        )
        return ActionResult(job)

    def describe_copy_job(self) -> ActionResult:
        params = self._params()
        job = self.backend.describe_copy_job(self._required(params, "CopyJobId"))
        return ActionResult({"CopyJob": job})

    def list_copy_jobs(self) -> ActionResult:
        params = self._params()
        jobs, token = self.backend.list_copy_jobs(
            self._filters(params), params.get("MaxResults"), params.get("NextToken")
        )
        return ActionResult({"CopyJobs": jobs, "NextToken": token})

    def put_backup_vault_access_policy(self) -> EmptyResult:
        params = self._params()
        self.backend.put_backup_vault_access_policy(
            self._required(params, "BackupVaultName"), params.get("Policy")
        )
        return EmptyResult()

    def get_backup_vault_access_policy(self) -> ActionResult:
        params = self._params()
        return ActionResult(
            self.backend.get_backup_vault_access_policy(self._required(params, "BackupVaultName"))
        )

    def delete_backup_vault_access_policy(self) -> EmptyResult:
        params = self._params()
        self.backend.delete_backup_vault_access_policy(self._required(params, "BackupVaultName"))
        return EmptyResult()

    def describe_global_settings(self) -> ActionResult:
        return ActionResult(self.backend.describe_global_settings())

    def update_global_settings(self) -> EmptyResult:
        params = self._params()
        self.backend.update_global_settings(params.get("GlobalSettings") or {})
        return EmptyResult()
