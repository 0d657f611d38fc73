"""Placeholders: a ``${Name}`` left in the document is a variable nobody supplied."""

from __future__ import annotations

import re
from collections.abc import Iterator

from backup_org_policy_manager.policy.issues import Issue, Path

__all__ = ["PLACEHOLDER", "check_placeholders"]

PLACEHOLDER = re.compile(r"\$\{[^${}]*\}")


def check_placeholders(document: object) -> Iterator[Issue]:
    """No ``${...}`` placeholder is left in any key or value.

    AWS would store it literally (only ``$account`` and ``$region`` are expanded):
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
    """
    yield from _find(document, ())


def _find(node: object, path: Path) -> Iterator[Issue]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _report((*path, key), key)
            yield from _find(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _find(value, (*path, index))
    elif isinstance(node, str):
        yield from _report(path, node)


def _report(path: Path, text: str) -> Iterator[Issue]:
    for name in dict.fromkeys(PLACEHOLDER.findall(text)):
        yield Issue("P109", path, f"variable {name} was not given a value")
