"""EventBridge restore events to ``RestoreTestEvent``, or why they are ignored."""

from __future__ import annotations

import pytest

from restore_validation.errors import InvalidEventError
from restore_validation.event import IgnoredEvent, RestoreTestEvent, parse_event
from tests.events import load_event


@pytest.mark.parametrize(
    "name", ["restore/completed-restore-test-dynamodb", "restore/completed-restore-test-s3"]
)
def test_restore_test_events_parse(name: str) -> None:
    event = load_event(name)
    detail = event["detail"]

    assert parse_event(event) == RestoreTestEvent(
        restore_job_id=detail["restoreJobId"],
        restore_testing_plan_arn=detail["restoreTestingPlanArn"],
        resource_type=detail["resourceType"],
        created_resource_arn=detail["createdResourceArn"],
        recovery_point_arn=detail["recoveryPointArn"],
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("restore/completed-dynamodb", "not a restore test (no detail.restoreTestingPlanArn)"),
        ("restore/running-ebs", "restore job status is RUNNING, not COMPLETED"),
        ("restore/failed-rds", "restore job status is FAILED, not COMPLETED"),
        (
            "backup/backup-job-completed-ebs",
            "not a restore job event (source=aws.backup, detail-type=Backup Job State Change)",
        ),
    ],
)
def test_other_events_are_ignored_with_a_reason(name: str, reason: str) -> None:
    assert parse_event(load_event(name)) == IgnoredEvent(reason)


def test_a_restore_test_event_without_job_id_names_the_field() -> None:
    event = load_event("restore/completed-restore-test-dynamodb")
    del event["detail"]["restoreJobId"]

    with pytest.raises(InvalidEventError, match=r"^detail\.restoreJobId: missing"):
        parse_event(event)


def test_a_malformed_field_names_the_field() -> None:
    event = load_event("restore/completed-restore-test-dynamodb")
    event["detail"]["createdResourceArn"] = ["not", "a", "string"]

    with pytest.raises(InvalidEventError, match=r"^detail\.createdResourceArn: must be a string"):
        parse_event(event)
