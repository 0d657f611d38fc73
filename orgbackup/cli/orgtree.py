"""The organization as the CLI sees it: a tree of root, OUs and accounts, walked root first,
and found by path (``Root/Workloads/Prod``) or by id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["ACCOUNT_ID", "OU_ID", "ROOT_ID", "Kind", "Node", "NodeIndex", "find", "walk"]

Kind = Literal["root", "ou", "account"]

# https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html (TargetId)
ROOT_ID = re.compile(r"r-[0-9a-z]{4,32}")
OU_ID = re.compile(r"ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}")
ACCOUNT_ID = re.compile(r"\d{12}")


@dataclass(frozen=True, slots=True)
class Node:
    """One node; ``path`` is the names from the root joined by ``/``.

    ``key`` identifies the node within one tree: its id, or its path when the ORG file gave
    no id (accounts always have one).
    """

    kind: Kind
    name: str
    path: str
    id: str | None = None
    children: tuple[Node, ...] = ()

    @property
    def key(self) -> str:
        """The id, or the path when there is none."""
        return self.id or self.path

    @property
    def label(self) -> str:
        """``name (id)``, as the tree prints it."""
        return f"{self.name} ({self.id})" if self.id else self.name

    @property
    def label_path(self) -> str:
        """``path (id)``, as lists of targets print it."""
        return f"{self.path} ({self.id})" if self.id else self.path


def walk(root: Node) -> Iterator[tuple[Node, ...]]:
    """Every node with its ancestors, as ``(root, ..., node)``, depth first, in file order."""
    stack: list[tuple[Node, ...]] = [(root,)]
    while stack:
        chain = stack.pop()
        yield chain
        stack.extend((*chain, child) for child in reversed(chain[-1].children))


def find(root: Node, ref: str) -> tuple[Node, ...] | None:
    """The chain from the root to the node that ``ref`` names, by id or by path."""
    wanted = ref.strip().strip("/")
    for chain in walk(root):
        node = chain[-1]
        if wanted in (node.id, node.path):
            return chain
    return None


class NodeIndex:
    """Every node of a tree by id and by path, from one walk, so each lookup is a dict hit.

    ``index.find(ref)`` answers as ``find(root, ref)`` does (the first node in walk order
    whose id or path is ``ref``), without walking the tree again.
    """

    def __init__(self, root: Node) -> None:
        self.root = root
        self._chains: dict[str, tuple[Node, ...]] = {}
        for chain in walk(root):
            node = chain[-1]
            if node.id:
                self._chains.setdefault(node.id, chain)
            self._chains.setdefault(node.path, chain)

    def find(self, ref: str) -> tuple[Node, ...] | None:
        """The chain from the root to the node ``ref`` names, by id or by path."""
        return self._chains.get(ref.strip().strip("/"))
