"""The vaults a deployment's policies may write to, and the retention each one's lock accepts.

Values are the ones the stacks get: the configuration's ``parameters:`` override, else the
template's default. A vault lock with ``MaxRetentionDays`` fails every backup or copy job whose
retention is longer or unset; one with ``MinRetentionDays`` fails a shorter one.
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html
A logically air-gapped vault is always locked, with its own bounds.
https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orgbackup.deploy.stacks import STACKS
from orgbackup.deploy.templates import read_template

if TYPE_CHECKING:
    from orgbackup.deploy.config import DeploymentConfig

__all__ = ["Bound", "StackValues", "VaultBounds", "central_vaults", "member_vault"]


@dataclass(frozen=True, slots=True)
class Bound:
    """One retention bound: its days and where that value is set (a field or a default)."""

    days: int
    parameter: str
    source: str


@dataclass(frozen=True, slots=True)
class VaultBounds:
    """A vault (by what it is called in messages), its ARN when fixed, and its lock's bounds
    (``None`` when the vault is not locked)."""

    vault: str
    arn: str
    minimum: Bound | None
    maximum: Bound | None


class StackValues:
    """Parameter values of the deployment's stacks, each template read once."""

    def __init__(self, config: DeploymentConfig, root: Path) -> None:
        self.config = config
        self._root = root
        self._parameters: dict[str, dict[str, Any]] = {}

    def get(self, kind: str, name: str) -> tuple[str, str]:
        """(value, where it is set) of parameter ``name`` of the ``kind`` stack."""
        overrides = self.config.parameters.get(kind, {})
        if name in overrides:
            return overrides[name], f"$.parameters.{kind}.{name}"
        template = next(spec.template for spec in STACKS if spec.kind == kind)
        if template not in self._parameters:
            self._parameters[template] = read_template(self._root / template).parameters
        default = self._parameters[template][name].get("Default", "")
        return str(default), f"the default of {name} in {template}"


def _bound(values: StackValues, name: str) -> Bound:
    value, source = values.get("stacksets", name)
    return Bound(int(float(value)), name, source)


def _locked(values: StackValues, mode: str, vault: str, arn: str) -> VaultBounds:
    if values.get("stacksets", mode)[0] == "none":
        return VaultBounds(vault, arn, None, None)
    minimum = _bound(values, "VaultLockMinRetentionDays")
    return VaultBounds(vault, arn, minimum, _bound(values, "VaultLockMaxRetentionDays"))


def member_vault(values: StackValues) -> VaultBounds:
    """The member vaults (a rule's own lifecycle); their ARN differs per account."""
    return _locked(values, "MemberVaultLockMode", "the member vaults", "")


def central_vaults(values: StackValues) -> list[VaultBounds]:
    """The vaults a copy action may name: the central vault, and the air-gapped vault in each
    of its Regions when one is configured."""
    config = values.config
    vaults = [
        _locked(values, "CentralVaultLockMode", "the central vault", config.central_vault_arn)
    ]
    air_gapped = config.air_gapped_vault
    if air_gapped is not None:
        minimum = _bound(values, "AirGappedMinRetentionDays")
        maximum = _bound(values, "AirGappedMaxRetentionDays")
        for region in air_gapped.regions:
            arn = f"arn:aws:backup:{region}:{config.central.account}:backup-vault:{air_gapped.name}"
            vaults.append(VaultBounds("the air-gapped vault", arn, minimum, maximum))
    return vaults
