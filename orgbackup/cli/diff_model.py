"""What deploying an ATTACH file would change in an organization: policies to create, content
and description changes, targets to attach and detach, and policies the file does not mention
(listed, never proposed for deletion). Pure: it compares two given states."""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from orgbackup.cli.attach_file import PolicySpec
from orgbackup.cli.aws_reader import LiveOrganization, LivePolicy
from orgbackup.cli.orgtree import Node, walk
from orgbackup.cli.placement import resolve_targets

__all__ = ["Diff", "PolicyChange", "diff"]

Action = Literal["create", "update", "unchanged"]


@dataclass(frozen=True, slots=True)
class PolicyChange:
    """One ATTACH policy against the organization, matched by exact name.

    ``content_diff`` is a unified diff of the pretty-printed documents (keys sorted, so only
    content shows); ``attach`` and ``detach`` are node paths (with ids where known).
    """

    name: str
    action: Action
    policy_id: str | None
    content_diff: tuple[str, ...]
    description: tuple[str, str] | None
    attach: tuple[Node, ...]
    detach: tuple[Node, ...]

    @property
    def changes(self) -> bool:
        """True when deploying would change anything for this policy."""
        return self.action != "unchanged" or bool(self.attach or self.detach)


@dataclass(frozen=True, slots=True)
class Diff:
    """Every ATTACH policy's change, and the organization's policies ATTACH does not name."""

    changes: tuple[PolicyChange, ...]
    unmanaged: tuple[LivePolicy, ...]

    @property
    def any(self) -> bool:
        """True when a deployment would change something."""
        return any(change.changes for change in self.changes)


def diff(live: LiveOrganization, desired: Sequence[tuple[PolicySpec, str]]) -> Diff:
    """Compare rendered ATTACH policies with the live organization.

    Raises
    ------
    InputFileError
        A target of the ATTACH file names no node of the live organization.
    """
    by_name = {policy.name: policy for policy in live.policies}
    nodes = {chain[-1].key: chain[-1] for chain in walk(live.root)}
    changes = [
        _change(spec, content, by_name.get(spec.name), live.root, nodes)
        for spec, content in desired
    ]
    named = {spec.name for spec, _ in desired}
    return Diff(tuple(changes), tuple(p for p in live.policies if p.name not in named))


def _change(
    spec: PolicySpec, content: str, current: LivePolicy | None, root: Node, nodes: dict[str, Node]
) -> PolicyChange:
    wanted = resolve_targets(root, spec)
    if current is None:
        return PolicyChange(spec.name, "create", None, (), None, tuple(wanted), ())
    lines = _content_diff(current.content, content, spec)
    description = (
        (current.description, spec.description) if current.description != spec.description else None
    )
    now = [nodes.get(t) or _outside(t) for t in current.targets]
    return PolicyChange(
        name=spec.name,
        action="update" if lines or description else "unchanged",
        policy_id=current.id,
        content_diff=lines,
        description=description,
        attach=tuple(n for n in wanted if n.key not in current.targets),
        detach=tuple(n for n in now if n.key not in {w.key for w in wanted}),
    )


def _outside(target_id: str) -> Node:
    # A target the tree walk did not reach (e.g. an account that left); show its id alone.
    kind: Literal["root", "ou", "account"] = (
        "root" if target_id.startswith("r-") else "ou" if target_id.startswith("ou-") else "account"
    )
    return Node(kind, target_id, target_id, target_id)


def _content_diff(current: str, rendered: str, spec: PolicySpec) -> tuple[str, ...]:
    old, new = _pretty(current), _pretty(rendered)
    if old == new:
        return ()
    return tuple(
        difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            fromfile=f"{spec.name} (in the organization)",
            tofile=f"{spec.name} (rendered from {spec.file.name})",
            lineterm="",
            n=2,
        )
    )


def _pretty(text: str) -> str:
    try:
        return json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False)
    except json.JSONDecodeError:
        return text
