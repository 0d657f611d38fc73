"""What every account gets: the effective policy along its root-to-account path, each plan's
status, and the operations the merge ignored (e.g. blocked by a parent's
``@@operators_allowed_for_child_policies``). Pure: no files, no AWS."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from backup_org_policy_manager.policy import EffectivePolicies, EffectivePolicy, format_path
from orgbackup.cli.orgtree import Node
from orgbackup.cli.placement import Placement

__all__ = [
    "AccountPreview",
    "Ignored",
    "Preview",
    "Status",
    "account_chains",
    "account_preview",
    "preview",
]

Status = Literal["complete", "incomplete", "absent"]


@dataclass(frozen=True, slots=True)
class AccountPreview:
    """One account: its chain from the root, the policy names per level, the merged result.

    ``effective`` is shared by every account with the same chain of policies, so ``$account``
    is left as written there; ``document`` is this account's own copy, as AWS shows it.
    """

    chain: tuple[Node, ...]
    levels: tuple[tuple[str, ...], ...]
    effective: EffectivePolicy

    @property
    def account(self) -> Node:
        """The account node (the end of the chain)."""
        return self.chain[-1]

    @property
    def document(self) -> dict[str, object]:
        """The effective document with ``$account`` replaced by this account's id."""
        account_id = self.account.id
        return (
            self.effective.for_account(account_id).document
            if account_id
            else self.effective.document
        )

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


def preview(root: Node, placement: Placement, cache: EffectivePolicies | None = None) -> Preview:
    """Merge, for every account of ``root``, the policies ``placement`` attaches on its path.

    Each distinct chain of policies is merged once (``EffectivePolicies``), however many
    accounts share it.

    Raises
    ------
    PolicyValidationError
        An attached document is not a JSON object (only possible for documents read from AWS).
    """
    merged_chains = cache if cache is not None else EffectivePolicies()
    accounts: list[AccountPreview] = []
    ignored: dict[tuple[str, str, str, str, str], list[str]] = {}
    nodes: dict[str, Node] = {}
    for chain, contents, names in account_chains(root, placement):
        merged = merged_chains.merge(contents)
        accounts.append(AccountPreview(chain, names, merged))
        for op in merged.ignored:
            node = chain[op.level]
            nodes[node.key] = node
            key = (node.key, names[op.level][op.policy], op.json_path, op.operator, op.reason)
            ignored.setdefault(key, []).append(str(chain[-1].id))
    distinct = {id(a.effective): a.effective for a in accounts}.values()
    plans = sorted({plan for effective in distinct for plan in effective.plans})
    return Preview(
        tuple(accounts),
        tuple(plans),
        tuple(
            Ignored(nodes[key[0]], *key[1:], accounts=tuple(ids)) for key, ids in ignored.items()
        ),
    )


Levels = tuple[tuple[str, ...], ...]


def account_chains(
    root: Node, placement: Placement
) -> Iterator[tuple[tuple[Node, ...], Levels, Levels]]:
    """Each account's chain from the root, with the policy contents and names attached per
    level, in ``walk`` order (depth first, file order); each level's tuples are built once."""

    def attached(node: Node) -> tuple[tuple[str, ...], tuple[str, ...]]:
        found = placement.get(node.key, ())
        return tuple(a.content for a in found), tuple(a.name for a in found)

    contents, names = attached(root)
    stack: list[tuple[tuple[Node, ...], Levels, Levels]] = [((root,), (contents,), (names,))]
    while stack:
        chain, levels, named = stack.pop()
        node = chain[-1]
        if node.kind == "account":
            yield chain, levels, named
            continue
        for child in reversed(node.children):
            contents, names = attached(child)
            stack.append(((*chain, child), (*levels, contents), (*named, names)))


def account_preview(chain: tuple[Node, ...], placement: Placement) -> AccountPreview:
    """One account's preview, merging only its own chain (for ``preview --account``).

    Raises
    ------
    PolicyValidationError
        A document on the chain is not a JSON object.
    """
    found = [placement.get(node.key, ()) for node in chain]
    contents = tuple(tuple(a.content for a in level) for level in found)
    names = tuple(tuple(a.name for a in level) for level in found)
    return AccountPreview(chain, names, EffectivePolicies().merge(contents))
