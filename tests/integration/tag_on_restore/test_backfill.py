"""Backfill on the emulator: restore jobs completed in a window get their tags, paginated,
and a run that is short of time says where to resume.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from rehearsal.emulator.faults import Fault, injected
from tag_on_restore.errors import InvalidEventError
from tests.integration.tag_on_restore.flow import back_up, invoke, provenance, restore
from tests.integration.tag_on_restore.resources import create_table, table_tags

SOURCE_TAGS = {"team": "payments"}


def restored_tables(count: int) -> list[dict[str, Any]]:
    point_arn = back_up(create_table("orders", SOURCE_TAGS), {})
    return [restore(point_arn, {"targetTableName": f"orders-{n}"}) for n in range(count)]


def since(minutes: int = 5) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat()


def test_backfill_tags_every_completed_job_in_the_window(aws: None) -> None:
    jobs = restored_tables(3)
    # A FAILED restore (name taken) in the same window is not listed as COMPLETED.
    boto3.client("backup").start_restore_job(
        RecoveryPointArn=jobs[0]["RecoveryPointArn"],
        Metadata={"targetTableName": "orders"},
        IamRoleArn=jobs[0]["IamRoleArn"],
    )

    summary = invoke({"backfill": {"since": since()}})

    assert summary == {
        "jobs": 3,
        "by_status": {"tagged": 3},
        "failed": [],
        "complete": True,
        "resume_until": None,
    }
    for job in jobs:
        assert table_tags(job["CreatedResourceArn"]) == {**SOURCE_TAGS, **provenance(job)}
    again = invoke({"backfill": {"since": since()}})
    assert again["by_status"] == {"unchanged": 3}, "a second backfill writes nothing"


def test_backfill_window_excludes_older_jobs(aws: None) -> None:
    restored_tables(2)

    summary = invoke({"backfill": {"since": since(-5)}})

    assert summary["jobs"] == 0


def test_backfill_short_of_time_says_where_to_resume(aws: None) -> None:
    jobs = restored_tables(2)

    # With 10 s left the function keeps its 15 s reserve and starts no job.
    summary = invoke({"backfill": {"since": since()}}, timeout_s=10)

    assert summary["complete"] is False
    assert summary["jobs"] == 0
    newest = max(job["CompletionDate"] for job in jobs)
    assert datetime.fromisoformat(summary["resume_until"]) == newest + timedelta(milliseconds=1)
    assert all(table_tags(job["CreatedResourceArn"]) == {} for job in jobs)


def test_backfill_reports_a_failed_job_and_tags_the_rest(aws: None) -> None:
    jobs = restored_tables(2)
    # Source gone: its tags of backup time come from the recovery point.
    boto3.client("dynamodb").delete_table(TableName="orders")

    denied = Fault(
        "dynamodb",
        frozenset({"TagResource"}),
        "AccessDeniedException",
        when={"ResourceArn": jobs[0]["CreatedResourceArn"]},
    )
    with injected(denied):
        summary = invoke({"backfill": {"since": since()}})

    assert [failure["restore_job_id"] for failure in summary["failed"]] == [jobs[0]["RestoreJobId"]]
    assert "AccessDeniedException" in summary["failed"][0]["error"]
    assert summary["by_status"] == {"tagged": 1}
    assert table_tags(jobs[0]["CreatedResourceArn"]) == {}
    assert table_tags(jobs[1]["CreatedResourceArn"]) == {**SOURCE_TAGS, **provenance(jobs[1])}


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        ({}, "backfill.since"),
        ({"since": "yesterday"}, "backfill.since"),
        ({"since": "2024-05-02T00:00:00Z", "until": "2024-05-01T00:00:00Z"}, "backfill.until"),
        ("2024-05-01", "backfill"),
    ],
)
def test_bad_backfill_requests_name_the_field(aws: None, request_: Any, field: str) -> None:
    with pytest.raises(InvalidEventError, match=field) as raised:
        invoke({"backfill": request_})

    assert raised.value.field == field
