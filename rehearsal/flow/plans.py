"""The organization as a tree, read from Organizations, with each account's effective backup
plans beside it (``DescribeEffectivePolicy``, judged complete or not by the policy engine)."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from backup_org_policy_manager.policy import effective_policy
from orgbackup.cli.display import tree
from orgbackup.cli.orgtree import Node

__all__ = ["complete_plans", "organization_tree", "plans_tree"]


def _children(org: Any, parent: str, path: str) -> tuple[Node, ...]:
    accounts = [
        Node("account", a["Name"], f"{path}/{a['Name']}", a["Id"])
        for page in org.get_paginator("list_accounts_for_parent").paginate(ParentId=parent)
        for a in page["Accounts"]
    ]
    pages = org.get_paginator("list_organizational_units_for_parent").paginate(ParentId=parent)
    ous = [
        Node("ou", u["Name"], f"{path}/{u['Name']}", u["Id"], _children(org, u["Id"], path))
        for page in pages
        for u in page["OrganizationalUnits"]
    ]
    return (*accounts, *ous)


def organization_tree(org: Any) -> Node:
    """Root, OUs and accounts as the management account sees them."""
    root = org.list_roots()["Roots"][0]["Id"]
    return Node("root", "Root", "Root", root, _children(org, root, "Root"))


def complete_plans(org: Any, account: str) -> dict[str, tuple[str, ...]]:
    """Plan name -> what it lacks (empty when complete), from the account's effective policy."""
    try:
        described = org.describe_effective_policy(PolicyType="BACKUP_POLICY", TargetId=account)
    except ClientError as error:
        if error.response["Error"]["Code"] != "EffectivePolicyNotFoundException":
            raise
        return {}
    document = json.loads(described["EffectivePolicy"]["PolicyContent"])
    judged = effective_policy([[document]])
    return {name: tuple(status.missing) for name, status in judged.plans.items()}


def plans_tree(org: Any, root: Node) -> tuple[list[str], dict[str, dict[str, tuple[str, ...]]]]:
    """The tree's lines, and each account's plans (by account id)."""
    plans: dict[str, dict[str, tuple[str, ...]]] = {}

    def label(node: Node) -> str:
        if node.kind != "account" or node.id is None:
            return node.label
        found = plans[node.id] = complete_plans(org, node.id)
        if not found:
            return f"{node.label}: no backup plan"
        parts = [f"{p} ({'complete' if not m else 'INCOMPLETE: ' + ', '.join(m)})"
                 for p, m in sorted(found.items())]  # fmt: skip
        return f"{node.label}: {'; '.join(parts)}"

    return tree(root, label), plans
