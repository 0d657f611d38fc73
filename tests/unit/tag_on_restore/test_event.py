"""EventBridge restore events to ``RestoreEvent``, or why they are ignored."""

from __future__ import annotations

from typing import Any

import pytest

from tag_on_restore.errors import InvalidEventError
from tag_on_restore.event import IgnoredEvent, RestoreEvent, parse_event
from tests.events import event_names, load_event


@pytest.mark.parametrize("name", event_names("restore", "completed-"))
def test_every_completed_sample_parses(name: str) -> None:
    event = load_event(name)
    detail = event["detail"]

    parsed = parse_event(event)

    assert parsed == RestoreEvent(
        restore_job_id=detail["restoreJobId"],
        resource_type=detail["resourceType"],
        created_resource_arn=detail["createdResourceArn"],
        source_resource_arn=detail.get("sourceResourceArn"),
        recovery_point_arn=detail["recoveryPointArn"],
        backup_vault_arn=detail.get("backupVaultArn"),
    )


def test_state_is_read_when_status_is_absent() -> None:
    parsed = parse_event(load_event("restore/completed-state-ebs"))

    assert isinstance(parsed, RestoreEvent)
    assert parsed.complete


def test_an_event_without_source_is_not_complete() -> None:
    parsed = parse_event(load_event("restore/completed-without-source-dynamodb"))

    assert isinstance(parsed, RestoreEvent)
    assert (parsed.source_resource_arn, parsed.complete) == (None, False)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("restore/running-ebs", "status is RUNNING"),
        ("restore/failed-rds", "status is FAILED"),
        ("restore/aborted-ebs", "status is ABORTED"),
        ("backup/backup-job-completed-ebs", "detail-type=Backup Job State Change"),
    ],
)
def test_other_events_are_ignored_with_a_reason(name: str, reason: str) -> None:
    parsed = parse_event(load_event(name))

    assert isinstance(parsed, IgnoredEvent)
    assert reason in parsed.reason


def test_an_empty_event_is_ignored() -> None:
    assert isinstance(parse_event({}), IgnoredEvent)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda event: event.__setitem__("detail", "text"), "detail"),
        (lambda event: event["detail"].pop("restoreJobId"), "detail.restoreJobId"),
        (lambda event: event["detail"].__setitem__("resourceType", 7), "detail.resourceType"),
    ],
    ids=["detail-not-object", "no-job-id", "type-not-string"],
)
def test_malformed_completed_events_name_the_field(change: Any, field: str) -> None:
    event = load_event("restore/completed-ebs")
    change(event)

    with pytest.raises(InvalidEventError) as raised:
        parse_event(event)

    assert raised.value.field == field
