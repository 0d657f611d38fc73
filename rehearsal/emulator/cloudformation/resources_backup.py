"""AWS Backup resource models: vaults (with access policy, lock and notifications), logically
air-gapped vaults and backup plans, over moto's backup backend (the emulator's, when installed).

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-backupvault.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-logicallyairgappedbackupvault.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-backupplan.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-backupselection.html
"""

from __future__ import annotations

from typing import Any

from moto.backup.models import BackupBackend, backup_backends
from moto.core.common_models import CloudFormationModel
from moto.moto_api._internal import mock_random

from rehearsal.emulator.cloudformation.resources_base import EmulatedResource, json_text

__all__ = [
    "BackupPlanResource",
    "BackupSelectionResource",
    "BackupVaultResource",
    "LogicallyAirGappedBackupVaultResource",
]


def _backend(account_id: str, region_name: str) -> BackupBackend:
    return backup_backends[account_id][region_name]


def _apply_settings(
    backend: BackupBackend, name: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    """Put or delete the access policy, lock and notifications that changed (all on create)."""
    if new.get("AccessPolicy") != old.get("AccessPolicy"):
        if "AccessPolicy" in new:
            backend.put_backup_vault_access_policy(name, json_text(new["AccessPolicy"]))  # type: ignore[attr-defined]
        else:
            backend.delete_backup_vault_access_policy(name)  # type: ignore[attr-defined]
    if new.get("LockConfiguration") != old.get("LockConfiguration"):
        lock = new.get("LockConfiguration")
        if lock is None:
            backend.delete_backup_vault_lock_configuration(name)
        else:
            backend.put_backup_vault_lock_configuration(
                backup_vault_name=name,
                min_retention_days=_days(lock.get("MinRetentionDays")),
                max_retention_days=_days(lock.get("MaxRetentionDays")),
                changeable_for_days=_days(lock.get("ChangeableForDays")),
            )
    if new.get("Notifications") != old.get("Notifications"):
        notifications = new.get("Notifications")
        if notifications is None:
            backend.delete_backup_vault_notifications(name)  # type: ignore[attr-defined]
        else:
            backend.put_backup_vault_notifications(  # type: ignore[attr-defined]
                name, notifications["SNSTopicArn"], notifications["BackupVaultEvents"]
            )
    _retag(backend, name, old.get("BackupVaultTags") or {}, new.get("BackupVaultTags") or {})


def _plan_input(plan: dict[str, Any]) -> dict[str, Any]:
    """The template's BackupPlan as CreateBackupPlan takes it (two members are renamed)."""
    rules = [
        {
            **{k: v for k, v in rule.items() if k != "TargetBackupVault"},
            "TargetBackupVaultName": rule["TargetBackupVault"],
        }
        for rule in plan["BackupPlanRule"]
    ]
    converted = {"BackupPlanName": plan["BackupPlanName"], "Rules": rules}
    if "AdvancedBackupSettings" in plan:
        converted["AdvancedBackupSettings"] = plan["AdvancedBackupSettings"]
    return converted


def _days(value: Any) -> int | None:
    # Template parameters of type Number arrive as int, literal strings as str.
    return None if value is None else int(value)


def _retag(backend: BackupBackend, name: str, old: dict[str, str], new: dict[str, str]) -> None:
    arn = backend.describe_backup_vault(name).backup_vault_arn
    removed = [key for key in old if key not in new]
    if removed:
        backend.untag_resource(arn, removed)
    if new and new != old:
        backend.tag_resource(arn, new)


class BackupVaultResource(EmulatedResource, CloudFormationModel):
    """``AWS::Backup::BackupVault``: Ref is the name; GetAtt BackupVaultName, BackupVaultArn.

    Deleting a vault that holds recovery points fails, as in AWS.
    """

    TYPE = "AWS::Backup::BackupVault"
    NAME_PROPERTY = "BackupVaultName"

    @classmethod
    def extra_attributes(cls) -> frozenset[str]:
        return frozenset({"BackupVaultName"})

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> BackupVaultResource:
        backend = _backend(account_id, region_name)
        vault = backend.create_backup_vault(
            name,
            {},
            properties.get("EncryptionKeyArn"),  # type: ignore[arg-type]
            None,  # type: ignore[arg-type]
        )
        resource = cls(
            name,
            {"BackupVaultName": name, "BackupVaultArn": vault.backup_vault_arn},
            properties,
            account_id,
            region_name,
        )
        try:
            _apply_settings(backend, name, {}, properties)
        except Exception:
            backend.delete_backup_vault(name)  # a failed create leaves nothing behind
            raise
        return resource

    def update(self, properties: dict[str, Any]) -> None:
        _apply_settings(
            _backend(self.account_id, self.region_name),
            self.physical_id,
            self.properties,
            properties,
        )

    def delete(self, account_id: str, region_name: str) -> None:
        _backend(account_id, region_name).delete_backup_vault(self.physical_id)


class LogicallyAirGappedBackupVaultResource(EmulatedResource, CloudFormationModel):
    """``AWS::Backup::LogicallyAirGappedBackupVault``: Ref is the name; GetAtt BackupVaultArn,
    VaultState, VaultType. Its retention days are fixed at creation (create-only)."""

    TYPE = "AWS::Backup::LogicallyAirGappedBackupVault"
    NAME_PROPERTY = "BackupVaultName"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> LogicallyAirGappedBackupVaultResource:
        backend = _backend(account_id, region_name)
        vault = backend.create_logically_air_gapped_backup_vault(  # type: ignore[attr-defined]
            name,
            None,
            _days(properties["MinRetentionDays"]),
            _days(properties["MaxRetentionDays"]),
            properties.get("EncryptionKeyArn"),
        )
        attributes = {
            "BackupVaultArn": vault.backup_vault_arn,
            "VaultState": vault.vault_state,
            "VaultType": vault.vault_type,
        }
        resource = cls(name, attributes, properties, account_id, region_name)
        try:
            _apply_settings(backend, name, {}, properties)
        except Exception:
            backend.delete_backup_vault(name)
            raise
        return resource

    def update(self, properties: dict[str, Any]) -> None:
        _apply_settings(
            _backend(self.account_id, self.region_name),
            self.physical_id,
            self.properties,
            properties,
        )

    def delete(self, account_id: str, region_name: str) -> None:
        _backend(account_id, region_name).delete_backup_vault(self.physical_id)


class BackupPlanResource(EmulatedResource, CloudFormationModel):
    """``AWS::Backup::BackupPlan``: Ref is the plan id; GetAtt BackupPlanId, BackupPlanArn,
    VersionId. An update creates a new version of the same plan, as UpdateBackupPlan does."""

    TYPE = "AWS::Backup::BackupPlan"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> BackupPlanResource:
        plan = _backend(account_id, region_name).create_backup_plan(
            _plan_input(properties["BackupPlan"]),
            properties.get("BackupPlanTags") or {},
            None,  # type: ignore[arg-type]
        )
        return cls(plan.backup_plan_id, cls._attributes(plan), properties, account_id, region_name)

    @staticmethod
    def _attributes(plan: Any) -> dict[str, Any]:
        return {
            "BackupPlanId": plan.backup_plan_id,
            "BackupPlanArn": plan.backup_plan_arn,
            "VersionId": plan.version_id,
        }

    def update(self, properties: dict[str, Any]) -> None:
        backend = _backend(self.account_id, self.region_name)
        plan = backend.plans[self.physical_id]
        plan.backup_plan = _plan_input(properties["BackupPlan"])
        plan.version_id = mock_random.get_random_string(length=48)  # as moto makes them
        self.attributes = self._attributes(plan)

    def delete(self, account_id: str, region_name: str) -> None:
        _backend(account_id, region_name).delete_backup_plan(self.physical_id)


class BackupSelectionResource(EmulatedResource, CloudFormationModel):
    """``AWS::Backup::BackupSelection``: Ref is the selection id; GetAtt Id, SelectionId.
    Both of its properties are create-only, so every change replaces it."""

    TYPE = "AWS::Backup::BackupSelection"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> BackupSelectionResource:
        selection = _backend(account_id, region_name).create_backup_selection(  # type: ignore[attr-defined]
            properties["BackupPlanId"], properties["BackupSelection"]
        )
        attributes = {"Id": selection.selection_id, "SelectionId": selection.selection_id}
        return cls(selection.selection_id, attributes, properties, account_id, region_name)

    def update(self, properties: dict[str, Any]) -> None:
        """Never called: every property is create-only (a change replaces the selection)."""

    def delete(self, account_id: str, region_name: str) -> None:
        _backend(account_id, region_name).delete_backup_selection(  # type: ignore[attr-defined]
            self.properties["BackupPlanId"], self.physical_id
        )
