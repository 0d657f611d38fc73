"""Tables, trees and colour: columns align whatever the colour codes, colour only on a
terminal and never with NO_COLOR."""

from __future__ import annotations

import io

import pytest

from orgbackup.cli.display import Style, style_for, table, tree
from orgbackup.cli.orgtree import Node


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert style_for(_Terminal()).enabled
    assert not style_for(io.StringIO()).enabled
    monkeypatch.setenv("NO_COLOR", "1")
    assert not style_for(_Terminal()).enabled


def test_style_wraps_only_when_enabled() -> None:
    assert Style(True)("ok", "green", "bold") == "\x1b[32;1mok\x1b[0m"
    assert Style(False)("ok", "green") == "ok"
    assert Style(True)("ok") == "ok"


def test_table_aligns_on_visible_width_and_leaves_no_trailing_space() -> None:
    red = Style(True)("P109", "red")

    lines = table([["a", red, "x"], ["longer", "P1", "y"], ["z"]], indent="  ")

    assert lines == [f"  a       {red}  x", "  longer  P1    y", "  z"]
    assert table([]) == []


def test_tree_draws_branches_and_details() -> None:
    leaf = Node("account", "leaf", "Root/A/leaf", "123456789012")
    other = Node("account", "other", "Root/other", "210987654321")
    root = Node("root", "Root", "Root", "r-ab12", (Node("ou", "A", "Root/A", None, (leaf,)), other))

    lines = tree(root, lambda n: n.label, lambda n: ["detail"] if n.kind == "account" else [])

    assert lines == [
        "Root (r-ab12)",
        "├── A",
        "│   └── leaf (123456789012)",
        "│         detail",
        "└── other (210987654321)",
        "      detail",
    ]
