"""Which backup plans each account of the sample organization gets, read back from the emulator,
and the organization drawn as a tree with that coverage beside every account.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from backup_org_policy_manager.policy import effective_policy
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


def tree_lines(
    organization: SampleOrganization,
    coverage: list[AccountCoverage],
    attached: dict[str, list[str]],
) -> list[str]:
    """The organization as a tree; OUs show the policies attached to them, accounts their plans."""
    by_path: dict[str, list[AccountCoverage]] = {}
    for account in coverage:
        by_path.setdefault(account.path, []).append(account)

    def label(path: str) -> str:
        name = path.rsplit("/", 1)[-1]
        policies = attached.get(path, [])
        return f"{name}  [{', '.join(policies)}]" if policies else name

    def children(path: str) -> list[str]:
        prefix = "" if path == ROOT else path + "/"
        depth = prefix.count("/")
        return [p for p in OU_PATHS if p.startswith(prefix) and p.count("/") == depth]

    lines = [label(ROOT)]

    def walk(path: str, indent: str) -> None:
        full = ROOT if path == ROOT else f"{ROOT}/{path}"
        entries: list[tuple[str, str | None]] = [
            (f"{a.account} ({organization.account_ids[a.account]}): {a.summary()}", None)
            for a in by_path.get(full, [])
        ]
        entries += [(label(ou), ou) for ou in children(path)]
        for index, (text, ou) in enumerate(entries):
            last = index == len(entries) - 1
            lines.append(f"{indent}{'└── ' if last else '├── '}{text}")
            if ou is not None:
                walk(ou, indent + ("    " if last else "│   "))

    walk(ROOT, "")
    return lines
