"""Which backup plans each account of the sample organization gets, read back from the emulator,
and the organization drawn as a tree with that coverage beside every account.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from backup_org_policy_manager.policy import effective_policy
from local.cli.display import tree
from local.cli.orgtree import Kind, Node
from local.rehearsal.organization import OU_PATHS, ROOT, SampleOrganization


@dataclass(frozen=True, slots=True)
class AccountCoverage:
    """One account's effective backup plans: complete ones, incomplete ones (and why), regions."""

    account: str
    path: str
    complete: tuple[str, ...]
    incomplete: dict[str, tuple[str, ...]]
    regions: tuple[str, ...]

    def summary(self) -> str:
        if not self.complete and not self.incomplete:
            return "no backup plan"
        parts = [f"{plan} (complete)" for plan in self.complete]
        parts += [f"{plan} (INCOMPLETE: {', '.join(why)})" for plan, why in self.incomplete.items()]
        return "; ".join(parts)


def read_coverage(org_client: Any, organization: SampleOrganization) -> list[AccountCoverage]:
    """DescribeEffectivePolicy for every account, judged by the policy engine."""
    coverage = []
    for name in organization.accounts_in_tree_order():
        account_id = organization.account_ids[name]
        try:
            described = org_client.describe_effective_policy(
                PolicyType="BACKUP_POLICY", TargetId=account_id
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "EffectivePolicyNotFoundException":
                raise
            coverage.append(AccountCoverage(name, organization.account_paths[name], (), {}, ()))
            continue
        document = json.loads(described["EffectivePolicy"]["PolicyContent"])
        judged = effective_policy([[document]])
        plans = document.get("plans", {})
        regions = sorted({region for plan in plans.values() for region in plan.get("regions", [])})
        coverage.append(
            AccountCoverage(
                name,
                organization.account_paths[name],
                tuple(sorted(p for p, status in judged.plans.items() if status.complete)),
                {p: status.missing for p, status in judged.plans.items() if not status.complete},
                tuple(regions),
            )
        )
    return coverage


def _node(organization: SampleOrganization, path: str) -> Node:
    """The OU at ``path`` (``Root`` for the root) with its accounts first, then its OUs."""
    depth = 0 if path == ROOT else path.count("/") + 1
    full = ROOT if path == ROOT else f"{ROOT}/{path}"
    accounts = [
        Node("account", name, f"{full}/{name}", organization.account_ids[name])
        for name, parent in organization.account_paths.items()
        if parent == full
    ]
    prefix = "" if path == ROOT else path + "/"
    ous = [
        _node(organization, ou)
        for ou in OU_PATHS
        if ou.startswith(prefix) and ou.count("/") == depth
    ]
    kind: Kind = "root" if path == ROOT else "ou"
    return Node(kind, path.rsplit("/", 1)[-1], full, organization.node_id(path), (*accounts, *ous))


def tree_lines(
    organization: SampleOrganization,
    coverage: list[AccountCoverage],
    attached: dict[str, list[str]],
) -> list[str]:
    """The organization as a tree; OUs show the policies attached to them, accounts their plans."""
    summaries = {account.account: account.summary() for account in coverage}

    def label(node: Node) -> str:
        if node.kind == "account":
            return f"{node.label}: {summaries[node.name]}"
        policies = attached.get(node.path.removeprefix(f"{ROOT}/"), [])
        return f"{node.name}  [{', '.join(policies)}]" if policies else node.name

    return tree(_node(organization, ROOT), label)
