"""The handler's boundary: a failure is counted, logged and re-raised so Lambda retries."""

from __future__ import annotations

import json

import pytest

from rehearsal.cfn.context import FakeLambdaContext
from tag_on_restore import app
from tag_on_restore.errors import InvalidEventError
from tests.events import load_event


def _context() -> FakeLambdaContext:
    return FakeLambdaContext(
        function_name="tag-on-restore",
        invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:tag-on-restore",
        timeout_s=30,
    )


def _metrics(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith('{"_aws"')]


def test_malformed_completed_event_raises_and_counts_a_failure(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    event = load_event("restore/completed-ebs")
    del event["detail"]["restoreJobId"]

    with pytest.raises(InvalidEventError, match=r"detail\.restoreJobId"):
        app.handler(event, _context())

    [record] = _metrics(capsys.readouterr().out)
    assert record["RestoresFailed"] == [1.0]
    assert any("will be retried" in message for message in caplog.messages)


def test_the_restore_job_id_is_in_every_log_line(caplog: pytest.LogCaptureFixture) -> None:
    response = app.handler(load_event("restore/running-ebs"), _context())

    assert response["status"] == "ignored"
    job_id = load_event("restore/running-ebs")["detail"]["restoreJobId"]
    handler_records = [r for r in caplog.records if r.name == app.logger.name]
    assert [r.getMessage() for r in handler_records] == ["event ignored"]
    formatted = json.loads(app.logger.registered_formatter.format(handler_records[0]))
    assert formatted["restore_job_id"] == job_id
    assert formatted["reason"] == "restore job status is RUNNING, not COMPLETED"
