"""The handler end to end in the emulator: a restore test runs, the handler validates what it
restored and the restore job then shows the verdict (DescribeRestoreJob)."""

from __future__ import annotations

import json

import boto3
import pytest

from rehearsal.cfn.context import FakeLambdaContext
from restore_validation import app
from restore_validation.errors import InvalidEventError
from restore_validation.process import MAX_MESSAGE_LENGTH
from tests.events import load_event
from tests.unit.restore_validation.restore_tests import (
    COUNT_TAG,
    back_up_table,
    completed_event,
    run_test,
)

GOLD = {"data-tier": "gold"}


def _context() -> FakeLambdaContext:
    return FakeLambdaContext(
        function_name="restore-validation",
        invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:restore-validation",
        timeout_s=60,
    )


def _metrics(output: str) -> dict[str, object]:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith('{"_aws"')]
    return {k: v for line in lines for k, v in line.items() if k[0].isupper()}


def _validation(job_id: str) -> tuple[str | None, str | None]:
    job = boto3.client("backup").describe_restore_job(RestoreJobId=job_id)
    return job.get("ValidationStatus"), job.get("ValidationStatusMessage")


def test_a_good_restore_is_recorded_successful(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    job = run_test(back_up_table(4, {**GOLD, COUNT_TAG: "4"}))
    plan_arn = job["CreatedBy"]["RestoreTestingPlanArn"]
    assert ":restore-testing-plan:org_backup_restore_testing-" in plan_arn

    response = app.handler(completed_event(job), _context())

    assert response["status"] == "SUCCESSFUL"
    table = job["CreatedResourceArn"].rsplit("/", 1)[-1]
    assert _validation(job["RestoreJobId"]) == (
        "SUCCESSFUL",
        f"table {table} is ACTIVE and has the expected 4 items",
    )
    assert _metrics(capsys.readouterr().out)["ValidationsSuccessful"] == [1.0]


def test_an_emptied_restore_is_recorded_failed(aws: None) -> None:
    job = run_test(back_up_table(3, {**GOLD, COUNT_TAG: "3"}))
    table = job["CreatedResourceArn"].rsplit("/", 1)[-1]
    dynamodb = boto3.client("dynamodb")
    for index in range(3):  # injected fault: the restored data is gone
        dynamodb.delete_item(TableName=table, Key={"id": {"S": f"order-{index}"}})

    response = app.handler(completed_event(job), _context())

    assert response["status"] == "FAILED"
    assert _validation(job["RestoreJobId"]) == (
        "FAILED",
        f"table {table} has 0 items; the recovery point says 3",
    )


def test_a_repeated_event_keeps_the_first_verdict(aws: None) -> None:
    job = run_test(back_up_table(2, GOLD))
    event = completed_event(job)
    app.handler(event, _context())
    first = _validation(job["RestoreJobId"])
    # AWS Backup deletes the restored resource after the validation window; a late repeat of
    # the event must not turn the verdict into FAILED.
    boto3.client("dynamodb").delete_table(TableName=job["CreatedResourceArn"].rsplit("/", 1)[-1])

    response = app.handler(event, _context())

    assert response["status"] == "already_validated"
    assert first[0] == "SUCCESSFUL"
    assert _validation(job["RestoreJobId"]) == first


def test_the_event_may_lack_arns(aws: None) -> None:
    job = run_test(back_up_table(2, GOLD))
    event = completed_event(job)
    for key in ("resourceType", "createdResourceArn", "recoveryPointArn"):
        del event["detail"][key]

    assert app.handler(event, _context())["status"] == "SUCCESSFUL"
    assert _validation(job["RestoreJobId"])[0] == "SUCCESSFUL"


def test_an_unsupported_type_reports_nothing_and_counts_it(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    job = run_test(back_up_table(1, GOLD))
    event = completed_event(job)
    event["detail"]["resourceType"] = "Storage Gateway"

    response = app.handler(event, _context())

    assert response == {
        "status": "unsupported",
        "resource_type": "Storage Gateway",
        "message": "no validation for resource type Storage Gateway",
    }
    assert _validation(job["RestoreJobId"]) == (None, None)
    assert _metrics(capsys.readouterr().out)["UnsupportedResourceType"] == [1.0]


def test_a_restore_that_is_not_a_test_is_ignored(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    response = app.handler(load_event("restore/completed-dynamodb"), _context())

    assert response == {
        "status": "ignored",
        "reason": "not a restore test (no detail.restoreTestingPlanArn)",
    }
    assert _metrics(capsys.readouterr().out)["EventsIgnored"] == [1.0]


def test_a_malformed_event_raises_and_counts_an_error(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    event = load_event("restore/completed-restore-test-dynamodb")
    del event["detail"]["restoreJobId"]

    with pytest.raises(InvalidEventError, match=r"detail\.restoreJobId"):
        app.handler(event, _context())

    assert _metrics(capsys.readouterr().out)["ValidationErrors"] == [1.0]


def test_an_unknown_job_raises_so_lambda_retries(aws: None) -> None:
    event = load_event("restore/completed-restore-test-dynamodb")

    with pytest.raises(boto3.client("backup").exceptions.ResourceNotFoundException):
        app.handler(event, _context())


def test_message_limit_is_below_what_a_console_line_holds() -> None:
    assert 0 < MAX_MESSAGE_LENGTH <= 1000
