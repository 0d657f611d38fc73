"""Reading the summaries: every page of each operation, and a row two Regions both report is
counted once. botocore's Stubber stands in for AWS Backup here, because the emulator answers
a Regional call with that Region's jobs only and cannot show the other behaviour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.stub import Stubber

from job_summary.summaries import list_summaries

DAY = datetime(2026, 11, 30, tzinfo=UTC)


def _row(account: str, state: str, count: int) -> dict[str, Any]:
    return {
        "Region": "eu-west-1",
        "AccountId": account,
        "State": state,
        "ResourceType": "EBS",
        "MessageCategory": "SUCCESS",
        "Count": count,
        "StartTime": DAY,
        "EndTime": DAY + timedelta(days=1),
    }


def test_every_page_is_read_and_rows_seen_twice_are_kept_once() -> None:
    clients = {r: boto3.client("backup", region_name=r) for r in ("eu-west-1", "us-east-1")}
    params = {
        "AccountId": "ANY",
        "State": "ANY",
        "ResourceType": "ANY",
        "MessageCategory": "ANY",
        "AggregationPeriod": "ONE_DAY",
    }
    first, second = _row("111111111111", "COMPLETED", 4), _row("222222222222", "FAILED", 1)
    stubbers = []
    for backup in clients.values():
        stubber = Stubber(backup)
        # Both Regions answer with the same rows (as if AWS answered with every Region's).
        stubber.add_response(
            "list_backup_job_summaries",
            {"BackupJobSummaries": [first], "NextToken": "page-2"},
            params,
        )
        stubber.add_response(
            "list_backup_job_summaries",
            {"BackupJobSummaries": [second]},
            {**params, "NextToken": "page-2"},
        )
        stubber.activate()
        stubbers.append(stubber)

    rows = list_summaries(lambda _service, region: clients[region], clients, kinds=("backup",))

    assert [(r.account_id, r.state, r.count) for r in rows] == [
        ("111111111111", "COMPLETED", 4),
        ("222222222222", "FAILED", 1),
    ]
    for stubber in stubbers:
        stubber.assert_no_pending_responses()
