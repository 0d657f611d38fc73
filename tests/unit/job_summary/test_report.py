"""The summary message: counts per kind and state, failures per account and Region, the
window it covers, and the SNS size limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from job_summary.report import MAX_MESSAGE_BYTES, build_report
from job_summary.summaries import JobKind, SummaryRow

NOW = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
TODAY = datetime(2026, 11, 30, tzinfo=UTC)


def row(
    kind: JobKind, state: str, count: int, account: str = "111111111111", days_ago: int = 0
) -> SummaryRow:
    start = TODAY - timedelta(days=days_ago)
    return SummaryRow(
        kind, "eu-west-1", account, state, "EBS", "", count, start, start + timedelta(days=1)
    )


def test_counts_and_failures_of_the_last_day() -> None:
    rows = [
        row("backup", "COMPLETED", 7),
        row("backup", "FAILED", 2),
        row("backup", "FAILED", 1, account="222222222222"),
        row("copy", "PARTIAL", 1),
        row("restore", "COMPLETED", 3),
        row("backup", "FAILED", 9, days_ago=3),  # outside the window
    ]

    report = build_report(rows, NOW, ["eu-west-1"])

    assert report.counts == {
        "backup": {"COMPLETED": 7, "FAILED": 3},
        "copy": {"PARTIAL": 1},
        "restore": {"COMPLETED": 3},
    }
    assert report.failures == {
        ("backup", "111111111111", "eu-west-1", "FAILED"): 2,
        ("backup", "222222222222", "eu-west-1", "FAILED"): 1,
        ("copy", "111111111111", "eu-west-1", "PARTIAL"): 1,
    }
    assert report.failed == 4
    assert report.subject == "AWS Backup daily summary: 4 failed jobs"
    assert "Backup jobs: COMPLETED 7, FAILED 3" in report.message
    assert "  backup  222222222222  eu-west-1  FAILED  1" in report.message


def test_a_quiet_day_says_so() -> None:
    report = build_report([row("backup", "COMPLETED", 1)], NOW, ["eu-west-1", "us-east-1"])

    assert report.failed == 0
    assert "No failed jobs." in report.message
    assert "Regions: eu-west-1, us-east-1" in report.message
    assert "Copy jobs: none" in report.message


def test_a_huge_organization_stays_under_the_sns_limit() -> None:
    rows = [row("backup", "FAILED", 1, account=f"{n:012d}") for n in range(20_000)]

    report = build_report(rows, NOW, ["eu-west-1"])

    size = len(report.message.encode())
    assert size <= MAX_MESSAGE_BYTES
    assert report.failed == 20_000
    listed = report.message.count("  backup  ")
    assert 0 < listed < 20_000
    assert f"(+{20_000 - listed} more lines not shown" in report.message
