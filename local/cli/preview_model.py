"""What every account gets: the effective policy along its root-to-account path, each plan's
status, and the operations the merge ignored (e.g. blocked by a parent's
``@@operators_allowed_for_child_policies``). Pure: no files, no AWS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backup_org_policy_manager.policy import EffectivePolicy, effective_policy, format_path
from local.cli.orgtree import Node, walk
from local.cli.placement import Placement

__all__ = ["AccountPreview", "Ignored", "Preview", "Status", "preview"]

Status = Literal["complete", "incomplete", "absent"]


@dataclass(frozen=True, slots=True)
class AccountPreview:
    """One account: its chain from the root, the policy names per level, the merged result."""

    chain: tuple[Node, ...]
    levels: tuple[tuple[str, ...], ...]
    effective: EffectivePolicy

    @property
    def account(self) -> Node:
        """The account node (the end of the chain)."""
        return self.chain[-1]

    def status(self, plan: str) -> Status:
        """``complete``, ``incomplete`` (see ``missing``) or ``absent`` for this account."""
        found = self.effective.plans.get(plan)
        if found is None:
            return "absent"
        return "complete" if found.complete else "incomplete"

    def missing(self, plan: str) -> list[str]:
        """What an incomplete plan lacks, as paths relative to the plan (``rules.Daily...``)."""
        found = self.effective.plans.get(plan)
        prefix = format_path(("plans", plan))
        return [m.removeprefix(prefix).lstrip(".") for m in (found.missing if found else ())]


@dataclass(frozen=True, slots=True)
class Ignored:
    """An operation the merge skipped, where its policy is attached, and whom it affects."""

    node: Node
    policy: str
    json_path: str
    operator: str
    reason: str
    accounts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Preview:
    """Every account's preview, every plan name seen, and the ignored operations."""

    accounts: tuple[AccountPreview, ...]
    plans: tuple[str, ...]
    ignored: tuple[Ignored, ...]

    def find(self, account_id: str) -> AccountPreview | None:
        """The preview of one account, by id."""
        return next((a for a in self.accounts if a.account.id == account_id), None)


def preview(root: Node, placement: Placement) -> Preview:
    """Merge, for every account of ``root``, the policies ``placement`` attaches on its path.

    Raises
    ------
    PolicyValidationError
        An attached document is not a JSON object (only possible for documents read from AWS).
    """
    accounts: list[AccountPreview] = []
    ignored: dict[tuple[str, str, str, str, str], list[str]] = {}
    nodes: dict[str, Node] = {}
    for chain in walk(root):
        if chain[-1].kind != "account":
            continue
        attached = [placement.get(node.key, []) for node in chain]
        merged = effective_policy(
            [[a.content for a in level] for level in attached], account_id=chain[-1].id
        )
        names = tuple(tuple(a.name for a in level) for level in attached)
        accounts.append(AccountPreview(chain, names, merged))
        for op in merged.ignored:
            node = chain[op.level]
            nodes[node.key] = node
            key = (node.key, names[op.level][op.policy], op.json_path, op.operator, op.reason)
            ignored.setdefault(key, []).append(str(chain[-1].id))
    plans = sorted({plan for a in accounts for plan in a.effective.plans})
    return Preview(
        tuple(accounts),
        tuple(plans),
        tuple(
            Ignored(nodes[key[0]], *key[1:], accounts=tuple(ids)) for key, ids in ignored.items()
        ),
    )
