"""Check every policy a configuration deploys, as the deployed custom resource will see it.

Each file is rendered with the values ``org-policies.yaml`` passes (``CentralVaultArn`` from the
configuration, ``MemberVaultName`` and ``MemberBackupRoleName`` from ``parameters.org-policies``
or the template's defaults, the target Regions) and validated by the policy engine; then each
retention is held against the lock of the vault it lands in, and each copy action must name a
vault of the central account. Issues read ``<file> <JSON path>: <code> <message>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backup_org_policy_manager.policy import PolicyValidationError, format_path, render, validate
from backup_org_policy_manager.policy.operators import as_int, assigned
from orgbackup.deploy.errors import ConfigIssue
from orgbackup.deploy.policy_entries import PolicyEntry
from orgbackup.deploy.vault_bounds import StackValues, VaultBounds, central_vaults, member_vault

if TYPE_CHECKING:
    from orgbackup.deploy.config import DeploymentConfig

__all__ = ["policy_issues", "policy_variables"]


def policy_variables(values: StackValues) -> dict[str, str]:
    """The ``Variables`` of each ``Custom::BackupOrgPolicy``, valued as the stack values them."""
    variables = {"CentralVaultArn": values.config.central_vault_arn}
    for name in ("MemberVaultName", "MemberBackupRoleName"):
        variables[name] = values.get("org-policies", name)[0]
    return {f"${{{name}}}": value for name, value in variables.items()}


def _retention_issue(days: int | None, vault: VaultBounds) -> str | None:
    low, high = vault.minimum, vault.maximum
    if days is None and high is not None:
        return (
            f"keeps recovery points forever, but {vault.vault} is locked to at most {high.days} "
            f"days ({high.parameter}, set by {high.source}): set delete_after_days"
        )
    if days is not None and low is not None and days < low.days:
        return (
            f"{days} days is below the lock minimum of {vault.vault}, {low.days} days "
            f"({low.parameter}, set by {low.source}); use at least {low.days}"
        )
    if days is not None and high is not None and days > high.days:
        return (
            f"{days} days is above the lock maximum of {vault.vault}, {high.days} days "
            f"({high.parameter}, set by {high.source}); use at most {high.days}"
        )
    return None


def _days(holder: dict[str, Any]) -> int | None:
    lifecycle = holder.get("lifecycle")
    return (
        as_int(assigned(lifecycle.get("delete_after_days")))
        if isinstance(lifecycle, dict)
        else None
    )


def _copy_issues(
    path: tuple[str | int, ...], copy_actions: dict[str, Any], vaults: list[VaultBounds]
) -> Iterator[tuple[str, str]]:
    by_arn = {vault.arn: vault for vault in vaults}
    for key, action in copy_actions.items():
        if not isinstance(action, dict):
            continue
        here = (*path, "copy_actions", key)
        # Only documents the engine accepts get here, and its P403 holds
        # target_backup_vault_arn equal to the key: the key names the destination.
        if key not in by_arn:
            message = f"copies to {key}; the vaults that accept copies are {', '.join(by_arn)}"
            yield format_path(here), message + " (write ${CentralVaultArn})"
        vault = by_arn.get(key)
        if vault is not None and (reason := _retention_issue(_days(action), vault)):
            yield format_path((*here, "lifecycle", "delete_after_days")), reason


def _lock_issues(
    document: dict[str, Any], member: VaultBounds, central: list[VaultBounds]
) -> Iterator[tuple[str, str]]:
    for plan_name, plan in (document.get("plans") or {}).items():
        for rule_name, rule in ((plan or {}).get("rules") or {}).items():
            if not isinstance(rule, dict):
                continue
            path: tuple[str | int, ...] = ("plans", plan_name, "rules", rule_name)
            if reason := _retention_issue(_days(rule), member):
                yield format_path((*path, "lifecycle", "delete_after_days")), reason
            if isinstance(rule.get("copy_actions"), dict):
                yield from _copy_issues(path, rule["copy_actions"], central)


def _file_issues(entry: PolicyEntry, values: StackValues, root: Path) -> Iterator[ConfigIssue]:
    path = root / entry.file
    if not path.is_file():
        return  # policy_entries names the missing file
    try:
        rendered = render(
            path.read_text(encoding="utf-8"),
            variables=policy_variables(values),
            regions=list(values.config.target_regions),
        )
    except PolicyValidationError as error:
        issues = list(error.issues)
    else:
        issues = validate(rendered)
    for issue in issues:
        yield ConfigIssue(f"{entry.file} {issue.json_path}", f"{issue.code} {issue.message}")
    if issues:
        return
    for where, message in _lock_issues(
        json.loads(rendered), member_vault(values), central_vaults(values)
    ):
        yield ConfigIssue(f"{entry.file} {where}", message)


def policy_issues(
    entries: list[PolicyEntry], config: DeploymentConfig, root: Path
) -> list[ConfigIssue]:
    """Every issue of every policy file ``entries`` deploy, each naming the file and JSON path."""
    values = StackValues(config, root)
    return [issue for entry in entries for issue in _file_issues(entry, values, root)]
