"""Text for people: aligned tables, an org tree drawn with box-drawing characters, and colour
only when the output is a terminal (and ``NO_COLOR`` is unset, see https://no-color.org)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from orgbackup.cli.orgtree import Node

__all__ = ["Style", "iter_tree", "style_for", "table", "tree"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


@dataclass(frozen=True, slots=True)
class Style:
    """Wraps text in ANSI colour codes when ``enabled``; otherwise returns it unchanged."""

    enabled: bool = False

    def __call__(self, text: str, *names: str) -> str:
        """``text`` in the named styles (``bold``, ``dim``, ``red``, ``green``, ...)."""
        if not self.enabled or not names:
            return text
        codes = ";".join(_CODES[name] for name in names)
        return f"\x1b[{codes}m{text}\x1b[0m"


def style_for(stream: TextIO) -> Style:
    """Colour for a terminal, plain text for pipes, files and ``NO_COLOR``."""
    return Style(stream.isatty() and "NO_COLOR" not in os.environ)


def _width(cell: str) -> int:
    return len(_ANSI.sub("", cell))


def table(rows: Sequence[Sequence[str]], *, indent: str = "", gap: str = "  ") -> list[str]:
    """Rows with every column but the last padded to its widest cell (colour codes ignored)."""
    if not rows:
        return []
    columns = max(len(row) for row in rows)
    widths = [max((_width(r[c]) for r in rows if c < len(r)), default=0) for c in range(columns)]
    lines = []
    for row in rows:
        cells = [
            cell + " " * (widths[c] - _width(cell)) if c < len(row) - 1 else cell
            for c, cell in enumerate(row)
        ]
        lines.append((indent + gap.join(cells)).rstrip())
    return lines


def tree(
    root: Node,
    label: Callable[[Node], str],
    details: Callable[[Node], list[str]] = lambda _: [],
) -> list[str]:
    """The tree, one node a line, with ``details(node)`` lines indented beneath each node."""
    return list(iter_tree(root, label, details))


def iter_tree(
    root: Node,
    label: Callable[[Node], str],
    details: Callable[[Node], Sequence[str]] = lambda _: [],
) -> Iterator[str]:
    """The lines of ``tree``, one at a time, so a large organization streams to the output."""
    yield label(root)
    for detail in details(root):
        yield f"      {detail}"
    yield from _branches(root, "", label, details)


def _branches(
    node: Node, prefix: str, label: Callable[[Node], str], details: Callable[[Node], Sequence[str]]
) -> Iterator[str]:
    last_index = len(node.children) - 1
    for index, child in enumerate(node.children):
        last = index == last_index
        yield f"{prefix}{'└── ' if last else '├── '}{label(child)}"
        below = prefix + ("    " if last else "│   ")
        gutter = below + ("│   " if child.children else "  ")
        for detail in details(child):
            yield f"{gutter}{detail}".rstrip()
        if child.children:
            yield from _branches(child, below, label, details)
