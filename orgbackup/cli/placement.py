"""Put an ATTACH file's policies onto an organization tree: which node gets which policies,
in attachment order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from orgbackup.cli.attach_file import PolicySpec
from orgbackup.cli.errors import InputFileError
from orgbackup.cli.orgtree import Node, NodeIndex

__all__ = ["Attached", "Placement", "place", "resolve_targets"]


@dataclass(frozen=True, slots=True)
class Attached:
    """A named policy document attached to a node."""

    name: str
    content: str


# Node key -> the policies attached directly to that node, in attachment order.
Placement = dict[str, list[Attached]]


def resolve_targets(root: Node, spec: PolicySpec, index: NodeIndex | None = None) -> list[Node]:
    """The nodes ``spec.targets`` name, in order; pass an ``index`` of ``root`` built once
    when resolving many specs (otherwise one is built for this call).

    Raises
    ------
    InputFileError
        A target names no node of the tree, or the same node twice.
    """
    nodes = index if index is not None and index.root is root else NodeIndex(root)
    found: list[Node] = []
    seen: set[int] = set()
    for position, ref in enumerate(spec.targets):
        where = f"{spec.where}.targets[{position}]"
        chain = nodes.find(ref)
        if chain is None:
            raise InputFileError(spec.source, where, f"no node has the path or id {ref!r}")
        if id(chain[-1]) in seen:
            raise InputFileError(spec.source, where, f"{ref!r} names {chain[-1].path} again")
        seen.add(id(chain[-1]))
        found.append(chain[-1])
    return found


def place(
    root: Node, policies: Sequence[tuple[PolicySpec, str]], index: NodeIndex | None = None
) -> Placement:
    """Attach each rendered policy to its targets; file order is attachment order per node."""
    nodes = index if index is not None and index.root is root else NodeIndex(root)
    placement: Placement = {}
    for spec, content in policies:
        for node in resolve_targets(root, spec, nodes):
            placement.setdefault(node.key, []).append(Attached(spec.name, content))
    return placement
