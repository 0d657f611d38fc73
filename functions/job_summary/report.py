"""The daily summary as one SNS message: counts per kind and state, and the failures per
account and Region. Pure: no AWS calls.

The message stays under SNS's 256 KB limit on a message (subject included); failure lines that
would not fit are counted instead of listed.
https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from job_summary.summaries import JobKind, SummaryRow

__all__ = ["FAILED_STATES", "MAX_MESSAGE_BYTES", "Report", "build_report"]

# States of a job that did not do its work, per kind (the botocore enums of each *JobState).
FAILED_STATES: dict[JobKind, frozenset[str]] = {
    "backup": frozenset({"FAILED", "ABORTED", "EXPIRED", "PARTIAL"}),
    "copy": frozenset({"FAILED", "ABORTED", "PARTIAL"}),
    "restore": frozenset({"FAILED", "ABORTED"}),
}
# 256 KB minus room for the subject and SNS's own envelope.
MAX_MESSAGE_BYTES = 250_000
WINDOW = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Report:
    """``subject`` (≤ 100 characters, as SNS requires), ``message``, and the figures it shows:
    ``counts[kind][state]`` and ``failures[(kind, account, region, state)]``."""

    subject: str
    message: str
    counts: dict[str, dict[str, int]]
    failures: dict[tuple[str, str, str, str], int]

    @property
    def failed(self) -> int:
        return sum(self.failures.values())


def build_report(rows: Iterable[SummaryRow], now: datetime, regions: Iterable[str]) -> Report:
    """The summary of the daily windows that overlap the 24 hours before ``now``."""
    recent = [row for row in rows if row.end_time > now - WINDOW]
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in FAILED_STATES}
    failures: Counter[tuple[str, str, str, str]] = Counter()
    for row in recent:
        counts[row.kind][row.state] += row.count
        if row.state in FAILED_STATES[row.kind]:
            failures[(row.kind, row.account_id, row.region, row.state)] += row.count
    start = min((row.start_time for row in recent), default=now - WINDOW)
    head = [
        f"AWS Backup jobs of every account, {start:%Y-%m-%d %H:%M} to {now:%Y-%m-%d %H:%M} UTC",
        f"Regions: {', '.join(regions)}",
        "",
        *(
            f"{kind.capitalize()} jobs: "
            + (", ".join(f"{s} {n}" for s, n in sorted(c.items())) or "none")
            for kind, c in counts.items()
        ),
        "",
        "Jobs that failed, by kind, account, Region and state:" if failures else "No failed jobs.",
    ]
    lines = [f"  {k}  {a}  {r}  {s}  {n}" for (k, a, r, s), n in sorted(failures.items())]
    subject = f"AWS Backup daily summary: {sum(failures.values())} failed jobs"
    return Report(
        subject=subject[:100],
        message=_fit(head, lines),
        counts={kind: dict(c) for kind, c in counts.items()},
        failures=dict(failures),
    )


def _fit(head: list[str], lines: list[str]) -> str:
    text = "\n".join(head)
    size = len(text.encode())
    for index, line in enumerate(lines):
        left = len(lines) - index
        note = f"\n  (+{left} more lines not shown: SNS messages are at most 256 KB)"
        if size + len(line.encode()) + 1 + len(note.encode()) > MAX_MESSAGE_BYTES:
            return text + note
        text += "\n" + line
        size += len(line.encode()) + 1
    return text + "\n"
