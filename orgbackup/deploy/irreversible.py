"""Choices in a deployment that no one can undo later, so the tools say so before deploying.

A vault lock in compliance mode cannot be removed or loosened by anyone, AWS included, once
its ``ChangeableForDays`` grace period ends; recovery points then live out their retention.
https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
A logically air-gapped vault is always locked in compliance mode, with the retention bounds it
was created with.
https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
"""

from __future__ import annotations

from pathlib import Path

from orgbackup.deploy.config import DeploymentConfig
from orgbackup.deploy.regions import ROOT
from orgbackup.deploy.templates import read_template

__all__ = ["irreversible_choices"]

STACKSETS_TEMPLATE = "templates/stacksets.yaml"
_LOCKED_VAULTS = (("CentralVaultLockMode", "the central vault"),
                  ("MemberVaultLockMode", "every member vault"))  # fmt: skip


def _stacksets_value(config: DeploymentConfig, name: str, root: Path) -> str:
    """The value the stacksets stack gets: the configuration's override, else the default."""
    overrides = config.parameters.get("stacksets", {})
    if name in overrides:
        return overrides[name]
    return str(read_template(root / STACKSETS_TEMPLATE).parameters[name].get("Default", ""))


def irreversible_choices(config: DeploymentConfig, root: Path = ROOT) -> list[str]:
    """One sentence per choice in ``config`` that cannot be undone after deployment."""
    days = _stacksets_value(config, "VaultLockChangeableForDays", root)
    warnings = []
    for parameter, vault in _LOCKED_VAULTS:
        if _stacksets_value(config, parameter, root) == "compliance":
            warnings.append(
                f"{parameter} is compliance: {days} days after deployment the lock of {vault} "
                "can no longer be removed or loosened by anyone, and its recovery points cannot "
                "be deleted before their retention ends (governance can be undone)"
            )
    if config.air_gapped_vault is not None:
        warnings.append(
            f"the air-gapped vault {config.air_gapped_vault.name} is locked in compliance mode "
            "from creation: its retention bounds can never be changed"
        )
    return warnings
