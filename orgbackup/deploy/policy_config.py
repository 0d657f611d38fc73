"""The ``policies:`` part of the configuration check: resolve the entries, check each file.

A target outside ``organization.target_ous`` is a warning, not an error:
the configuration cannot tell offline whether an OU is a child of a target OU (then its accounts
have the member vault and role) or an account sits in one. Attached anywhere else, a plan fails
in accounts that lack the member stacks, so the warning says so. The central OU gets its own
warning: the central account has the central vault, not the member vault and backup role.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orgbackup.deploy.errors import ConfigError, ConfigIssue
from orgbackup.deploy.policy_checks import policy_issues
from orgbackup.deploy.policy_entries import PolicyEntry, policy_entries
from orgbackup.deploy.templates import read_template

if TYPE_CHECKING:
    from orgbackup.deploy.config import DeploymentConfig

__all__ = [
    "ORG_POLICIES_TEMPLATE",
    "POLICY_RESOURCE_TYPE",
    "policy_target_warnings",
    "with_policies",
]

ORG_POLICIES_TEMPLATE = "templates/org-policies.yaml"
POLICY_RESOURCE_TYPE = "Custom::BackupOrgPolicy"


def _reserved_id_issues(entries: Sequence[PolicyEntry], root: Path) -> list[ConfigIssue]:
    resources = read_template(root / ORG_POLICIES_TEMPLATE).resource_types
    reserved = {name for name, kind in resources.items() if kind != POLICY_RESOURCE_TYPE}
    return [
        ConfigIssue(
            f"{entry.field}.name",
            f"{entry.name} gives the resource id {entry.logical_id}, which {ORG_POLICIES_TEMPLATE} "
            "already uses; choose another name",
        )
        for entry in entries
        if entry.logical_id in reserved
    ]


def with_policies(
    config: DeploymentConfig,
    raw: Sequence[Mapping[str, Any]] | None,
    root: Path,
    source: str,
) -> DeploymentConfig:
    """``config`` with its policy entries, after checking every policy file they deploy.

    Raises
    ------
    ConfigError
        A listed file is missing, a file is listed by no entry or twice, a name collides, or a
        policy fails the engine, a vault lock's bounds or the copy-target rule.
    """
    entries, issues = policy_entries(raw, config.target_ous, root)
    issues += _reserved_id_issues(entries, root)
    if not issues:
        issues = policy_issues(entries, config, root)
    if issues:
        raise ConfigError(source, issues)
    return dataclasses.replace(config, policies=tuple(entries))


def policy_target_warnings(config: DeploymentConfig) -> list[str]:
    """One sentence per policy target that is not a target OU."""
    known = set(config.target_ous)
    warnings = []
    for entry in config.policies:
        for index, target in enumerate(entry.targets):
            if target in known:
                continue
            if target in (config.central_ou, config.central.account):
                warnings.append(
                    f"{entry.field}.targets[{index}]: {target} holds the central account, which "
                    "has the central vault but not the member vault and backup role the "
                    "policy's plans name, so they fail there"
                )
                continue
            warnings.append(
                f"{entry.field}.targets[{index}]: {target} is not in "
                "organization.target_ous; the policy's plans fail in any "
                "account there without the member vault and role (a child OU of a target OU, "
                "or an account in one, is fine)"
            )
    return warnings
