"""What the engine reports: an ``Issue`` with a stable code and a JSON path, and the one
exception raised at the boundary when a policy is refused."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Issue", "Path", "PolicyValidationError", "format_path", "sort_issues"]

Path = tuple[str | int, ...]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ELLIPSIS = "…"


def format_path(path: Path) -> str:
    """Render ``path`` as a JSON path, quoting keys that are not identifiers.

    ``("plans", "Daily-35", "rules", "Hourly")`` becomes ``$.plans["Daily-35"].rules.Hourly``.
    """
    parts = ["$"]
    for element in path:
        if isinstance(element, int):
            parts.append(f"[{element}]")
        elif _IDENTIFIER.fullmatch(element):
            parts.append(f".{element}")
        else:
            parts.append(f"[{json.dumps(element, ensure_ascii=False)}]")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a policy document.

    ``code`` is stable (``P1xx`` structure, ``P2xx`` lifecycle, ``P3xx`` schedule, ``P4xx`` copy
    actions, ``P5xx`` selections, ``P6xx`` regions and ARNs, ``P9xx`` size and the policy object;
    docs/policy-checks.md lists them all); ``path`` locates the node in the document;
    ``message`` is a plain sentence.
    """

    code: str
    path: Path
    message: str

    @property
    def json_path(self) -> str:
        """The path as ``$.plans["Daily-35"].rules.Hourly``."""
        return format_path(self.path)

    def under(self, prefix: Path) -> Issue:
        """The same issue with ``prefix`` put in front of its path."""
        return Issue(self.code, prefix + self.path, self.message)

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready form: code, JSON path and message."""
        return {"code": self.code, "path": self.json_path, "message": self.message}


def _path_key(path: Path) -> tuple[tuple[int, int, str], ...]:
    # Keys and list indexes can meet at the same depth; order indexes first, numerically.
    return tuple((0, e, "") if isinstance(e, int) else (1, 0, e) for e in path)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Issues ordered by path, then code, then message (a stable, reviewable order)."""
    return sorted(issues, key=lambda i: (_path_key(i.path), i.code, i.message))


class PolicyValidationError(ValueError):
    """Raised when a policy cannot be rendered or fails validation; carries every issue."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__(self.reason(limit=1024))

    def reason(self, limit: int = 256) -> str:
        """``"<json_path>: <message> (+N more)"`` for the first issue, at most ``limit`` characters.

        CloudFormation shows this text to the operator; crhelper keeps only the tail of a longer
        reason, so we shorten it ourselves, keeping the path's start and end readable.
        """
        if not self.issues:
            return "the policy is not valid"[:limit]
        first, more = self.issues[0], len(self.issues) - 1
        suffix = f" (+{more} more)" if more else ""
        budget = max(limit - len(suffix), 1)
        path = first.json_path
        if len(path) + 2 + len(first.message) > budget and len(path) > budget // 2:
            keep = max(budget // 4, 1)
            path = path[:keep] + _ELLIPSIS + path[-keep:]
        head = f"{path}: {first.message}"
        if len(head) > budget:
            head = head[: budget - 1] + _ELLIPSIS
        return (head + suffix)[:limit]
