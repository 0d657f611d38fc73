"""Issues as table rows: ``json_path  code  message``, with the file in front where it helps."""

from __future__ import annotations

from collections.abc import Iterable

from backup_org_policy_manager.policy import Issue
from orgbackup.cli.display import Style

__all__ = ["issue_rows"]


def issue_rows(
    issues: Iterable[Issue], style: Style, *, file: str | None = None
) -> list[list[str]]:
    """One row per issue; the code in red so it stands out on a terminal."""
    head = [file] if file is not None else []
    return [[*head, i.json_path, style(i.code, "red"), i.message] for i in issues]
