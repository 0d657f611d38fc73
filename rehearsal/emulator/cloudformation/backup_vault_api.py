"""AWS Backup vault operations moto 5.2 lacks and the vault resource models need: access
policies, notifications and logically air-gapped vaults.

Added to moto's ``BackupBackend``/``BackupResponse`` only where missing, so a richer
implementation elsewhere in the emulator (a subclass) takes precedence. The access policy is
kept as the JSON text AWS returns, on the vault (``vault.access_policy``).
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultAccessPolicy.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultNotifications.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html
"""

from __future__ import annotations

import json
from typing import Any

from moto.backup import urls as backup_urls
from moto.backup.exceptions import ResourceNotFoundException
from moto.backup.models import BackupBackend, Vault
from moto.backup.responses import BackupResponse

__all__ = ["install"]

AIR_GAPPED = "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"

_ROUTES = (
    "{0}/backup-vaults/(?P<name>[^/]+)/access-policy$",
    "{0}/backup-vaults/(?P<name>[^/]+)/notification-configuration$",
    "{0}/logically-air-gapped-backup-vaults/(?P<name>[^/]+)$",
)


def _vault(backend: BackupBackend, name: str) -> Vault:
    if name not in backend.vaults:
        raise ResourceNotFoundException(msg=f"Backup vault {name} not found")
    return backend.vaults[name]


def put_backup_vault_access_policy(self: BackupBackend, name: str, policy: str) -> None:
    _vault(self, name).access_policy = policy  # type: ignore[attr-defined]


def get_backup_vault_access_policy(self: BackupBackend, name: str) -> dict[str, Any]:
    vault = _vault(self, name)
    policy = getattr(vault, "access_policy", None)
    if policy is None:
        raise ResourceNotFoundException(msg=f"Backup vault {name} has no access policy")
    return {
        "BackupVaultName": name,
        "BackupVaultArn": vault.backup_vault_arn,
        "Policy": policy,
    }


def delete_backup_vault_access_policy(self: BackupBackend, name: str) -> None:
    _vault(self, name).access_policy = None  # type: ignore[attr-defined]


def put_backup_vault_notifications(
    self: BackupBackend, name: str, sns_topic_arn: str, backup_vault_events: list[str]
) -> None:
    _vault(self, name).notifications = {  # type: ignore[attr-defined]
        "SNSTopicArn": sns_topic_arn,
        "BackupVaultEvents": list(backup_vault_events),
    }


def get_backup_vault_notifications(self: BackupBackend, name: str) -> dict[str, Any]:
    vault = _vault(self, name)
    notifications = getattr(vault, "notifications", None)
    if notifications is None:
        raise ResourceNotFoundException(msg=f"Backup vault {name} has no notifications")
    return {"BackupVaultName": name, "BackupVaultArn": vault.backup_vault_arn, **notifications}


def delete_backup_vault_notifications(self: BackupBackend, name: str) -> None:
    _vault(self, name).notifications = None  # type: ignore[attr-defined]


def create_logically_air_gapped_backup_vault(
    self: BackupBackend,
    name: str,
    tags: dict[str, str] | None,
    min_retention_days: int,
    max_retention_days: int,
    encryption_key_arn: str | None = None,
) -> Vault:
    vault = self.create_backup_vault(name, tags or {}, encryption_key_arn, None)  # type: ignore[arg-type]
    vault.vault_type = AIR_GAPPED  # type: ignore[attr-defined]
    vault.vault_state = "AVAILABLE"  # type: ignore[attr-defined]
    vault.min_retention_days = int(min_retention_days)
    vault.max_retention_days = int(max_retention_days)
    vault.locked = True  # AWS locks an air-gapped vault in compliance mode from creation.
    return vault


_BACKEND_OPERATIONS = (
    put_backup_vault_access_policy,
    get_backup_vault_access_policy,
    delete_backup_vault_access_policy,
    put_backup_vault_notifications,
    get_backup_vault_notifications,
    delete_backup_vault_notifications,
    create_logically_air_gapped_backup_vault,
)


def _name(response: BackupResponse, from_end: int) -> str:
    return response.path.split("/")[-from_end]


def _body(response: BackupResponse) -> dict[str, Any]:
    return json.loads(response.body) if response.body else {}


class _Responses:
    """Response methods, copied onto moto's BackupResponse where it lacks them."""

    def put_backup_vault_access_policy(self: Any) -> str:
        self.backup_backend.put_backup_vault_access_policy(_name(self, 2), _body(self)["Policy"])
        return "{}"

    def get_backup_vault_access_policy(self: Any) -> str:
        return json.dumps(self.backup_backend.get_backup_vault_access_policy(_name(self, 2)))

    def delete_backup_vault_access_policy(self: Any) -> str:
        self.backup_backend.delete_backup_vault_access_policy(_name(self, 2))
        return "{}"

    def put_backup_vault_notifications(self: Any) -> str:
        body = _body(self)
        self.backup_backend.put_backup_vault_notifications(
            _name(self, 2), body["SNSTopicArn"], body["BackupVaultEvents"]
        )
        return "{}"

    def get_backup_vault_notifications(self: Any) -> str:
        return json.dumps(self.backup_backend.get_backup_vault_notifications(_name(self, 2)))

    def delete_backup_vault_notifications(self: Any) -> str:
        self.backup_backend.delete_backup_vault_notifications(_name(self, 2))
        return "{}"

    def create_logically_air_gapped_backup_vault(self: Any) -> str:
        body = _body(self)
        vault = self.backup_backend.create_logically_air_gapped_backup_vault(
            _name(self, 1),
            body.get("BackupVaultTags"),
            body["MinRetentionDays"],
            body["MaxRetentionDays"],
            body.get("EncryptionKeyArn"),
        )
        return json.dumps(
            {
                "BackupVaultName": vault.backup_vault_name,
                "BackupVaultArn": vault.backup_vault_arn,
                "CreationDate": vault.creation_date,
                "VaultState": vault.vault_state,
            }
        )


def install() -> None:
    """Add the operations and routes moto lacks (idempotent; never replaces an existing one)."""
    for operation in _BACKEND_OPERATIONS:
        if not hasattr(BackupBackend, operation.__name__):
            setattr(BackupBackend, operation.__name__, operation)
    for name, method in vars(_Responses).items():
        if callable(method) and not name.startswith("_") and not hasattr(BackupResponse, name):
            setattr(BackupResponse, name, method)
    # DescribeBackupVault reports the type of every vault; moto's Vault has no such field.
    if not hasattr(Vault, "vault_type"):
        Vault.vault_type = "BACKUP_VAULT"  # type: ignore[attr-defined]
    # The handler the vault routes already use (the emulator's backup extension, if installed).
    dispatch = backup_urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)$"]
    for route in _ROUTES:
        backup_urls.url_paths.setdefault(route, dispatch)
