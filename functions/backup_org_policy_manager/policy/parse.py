"""Strict JSON parsing for policy documents: duplicate keys are refused with their path,
because AWS Organizations rejects them too."""

from __future__ import annotations

import json
from collections.abc import Iterator

from backup_org_policy_manager.policy.issues import Issue, Path

__all__ = ["minify", "parse_document"]


class _DuplicateKeys(dict[str, object]):
    """An object in which some keys appeared more than once (the last value is kept)."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: set[str] = set()
    duplicates: list[str] = []
    for key, _ in pairs:
        if key in seen:
            duplicates.append(key)
        seen.add(key)
    if not duplicates:
        return dict(pairs)
    marked = _DuplicateKeys(pairs)
    marked.duplicates = tuple(dict.fromkeys(duplicates))
    return marked


def _duplicate_issues(node: object, path: Path) -> Iterator[Issue]:
    if isinstance(node, _DuplicateKeys):
        for key in node.duplicates:
            yield Issue("P108", (*path, key), f"key {key!r} appears more than once in this object")
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _duplicate_issues(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _duplicate_issues(value, (*path, index))


def parse_document(text: str) -> tuple[dict[str, object] | None, list[Issue]]:
    """Parse a policy's JSON text.

    Returns
    -------
    tuple
        The document (``None`` when it is not a JSON object) and the issues found: ``P100``
        for text that is not a JSON object, ``P108`` for each duplicated key.
    """
    try:
        document = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        return None, [Issue("P100", (), f"the policy is not valid JSON: {error.msg} at {where}")]
    if not isinstance(document, dict):
        return None, [Issue("P100", (), "the policy must be a JSON object")]
    return document, list(_duplicate_issues(document, ()))


def minify(document: object) -> str:
    """The compact JSON AWS stores; non-ASCII stays as is, so its length is what AWS counts."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)
