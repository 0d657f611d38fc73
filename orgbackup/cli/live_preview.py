"""A proposed change over the live organization: the live attachments with the proposed
policies in place of the live ones of the same name, and, per account, which plans of its
effective policy the change adds, removes or changes. Pure: no files, no AWS."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from orgbackup.cli.display import Style, table
from orgbackup.cli.orgtree import Node, NodeIndex
from orgbackup.cli.placement import Attached, Placement, resolve_targets
from orgbackup.cli.preview_model import Preview
from orgbackup.cli.proposal import Rendered

__all__ = ["AccountChange", "account_changes", "change_lines", "overlay"]


def overlay(live: Placement, root: Node, proposed: Rendered, index: NodeIndex) -> Placement:
    """``live`` without the policies ``proposed`` names, then ``proposed`` on its targets.

    A proposed policy that fails to render is not in ``proposed``, so its live namesake stays
    as it is: the deployment would fail before changing it (the issue is reported).

    Raises
    ------
    InputFileError
        A proposed target names no node of the live organization.
    """
    names = {spec.name for spec, _ in proposed}
    placement: Placement = {
        key: [a for a in attached if a.name not in names] for key, attached in live.items()
    }
    for spec, content in proposed:
        for node in resolve_targets(root, spec, index):
            placement.setdefault(node.key, []).append(Attached(spec.name, content))
    return {key: attached for key, attached in placement.items() if attached}


@dataclass(frozen=True, slots=True)
class AccountChange:
    """The plans of one account's effective policy that the change adds, removes or changes."""

    account: Node
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


def account_changes(before: Preview, after: Preview) -> Iterator[AccountChange]:
    """Every account whose effective policy differs, in tree order."""
    old = {a.account.key: a for a in before.accounts}
    for account in after.accounts:
        previous = old.get(account.account.key)
        was = _plans(previous.document) if previous else {}
        now = _plans(account.document)
        added = tuple(sorted(set(now) - set(was)))
        removed = tuple(sorted(set(was) - set(now)))
        changed = tuple(sorted(p for p in set(now) & set(was) if now[p] != was[p]))
        if added or removed or changed:
            yield AccountChange(account.account, added, removed, changed)


def _plans(document: dict[str, object]) -> dict[str, object]:
    plans = document.get("plans")
    return dict(plans) if isinstance(plans, dict) else {}


def change_lines(changes: list[AccountChange], accounts: int, style: Style) -> list[str]:
    """``Changes against the live organization`` and one row per changed account."""
    lines = ["", style("Changes against the live organization", "bold")]
    rows = []
    for change in changes:
        parts = [style(f"+{p}", "green") for p in change.added]
        parts += [style(f"-{p}", "red") for p in change.removed]
        parts += [style(f"~{p}", "yellow") for p in change.changed]
        rows.append([change.account.label_path, " ".join(parts)])
    lines += table(rows, indent="  ") or ["  no account's effective policy changes"]
    lines.append(f"{len(changes)} of {accounts} account(s) change (+ added, - removed, ~ changed)")
    return lines
