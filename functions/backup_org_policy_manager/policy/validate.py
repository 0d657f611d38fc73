"""The validation walker: visit every node, run the checks whose pattern matches its path."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from backup_org_policy_manager.policy.checks import CHECKS, Check
from backup_org_policy_manager.policy.issues import Issue, Path, sort_issues
from backup_org_policy_manager.policy.operators import children
from backup_org_policy_manager.policy.parse import parse_document

__all__ = ["validate"]


def _compile(pattern: str) -> tuple[str, ...]:
    return () if pattern == "$" else tuple(pattern.split("/"))


_COMPILED: tuple[tuple[tuple[str, ...], Check], ...] = tuple((_compile(p), c) for p, c in CHECKS)


def validate(document: Mapping[str, object] | str) -> list[Issue]:
    """Every issue in a backup policy document, sorted by path.

    Parameters
    ----------
    document
        The policy as a parsed object or as JSON text (duplicate keys are reported).

    Returns
    -------
    list[Issue]
        All issues found, never just the first; empty when the policy is valid.
    """
    if isinstance(document, str):
        parsed, issues = parse_document(document)
        if parsed is None:
            return issues
    else:
        parsed, issues = dict(document), []
    for path, node in _walk(parsed, ()):
        for pattern, check in _COMPILED:
            if _matches(pattern, path):
                issues.extend(issue.under(path) for issue in check(node))
    return sort_issues(issues)


def _walk(node: object, path: Path) -> Iterator[tuple[Path, object]]:
    yield path, node
    for key, value in children(node):
        yield from _walk(value, (*path, key))


def _matches(pattern: tuple[str, ...], path: Path) -> bool:
    return len(pattern) == len(path) and all(
        p in ("*", k) for p, k in zip(pattern, path, strict=True)
    )
