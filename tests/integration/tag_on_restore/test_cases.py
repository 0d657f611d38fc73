"""The cases the issue names, on the emulator: exclusions, existing tags, the 50-tag limit,
ignored and odd events, the DescribeRestoreJob fallback, and injected faults.

Faults come from ``rehearsal.emulator.faults``; each test checks the final tags, not just the
status. DynamoDB stands in for "any type" where the type does not matter.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from rehearsal.emulator.faults import Fault, injected
from tag_on_restore.config import load_config
from tag_on_restore.errors import ConfigurationError
from tests.events import load_event
from tests.integration.tag_on_restore.flow import (
    back_up,
    delivered,
    invoke,
    metrics_in,
    provenance,
    restore,
    subscribe,
)
from tests.integration.tag_on_restore.resources import (
    create_bucket,
    create_table,
    delete_table,
    table_tags,
    tag_list,
)

SOURCE_TAGS = {"team": "payments", "cost-center": "cc-1234"}
POINT_TAGS = {"retention": "35d"}
TARGET = {"targetTableName": "orders-restored"}


def restored_table(
    source_tags: dict[str, str] = SOURCE_TAGS,
    point_tags: dict[str, str] = POINT_TAGS,
    copy_tags: bool = False,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Back up and restore a tagged table; (DescribeRestoreJob answer, delivered event)."""
    queue = subscribe()
    job = restore(back_up(create_table("orders", source_tags), point_tags), TARGET, copy_tags)
    [event] = delivered(queue)
    return job, event


def test_aws_and_excluded_keys_are_not_copied(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXCLUDED_TAG_KEYS", "cost-center, owner:*")
    source = {**SOURCE_TAGS, "aws:cloudformation:stack-name": "orders", "owner:email": "a@b.c"}
    job, event = restored_table(source)

    response = invoke(event)

    assert table_tags(job["CreatedResourceArn"]) == {
        "team": "payments",
        **POINT_TAGS,
        **provenance(job),
    }
    assert sorted(response["resources"][0]["excluded"]) == [
        "aws:cloudformation:stack-name",
        "cost-center",
        "owner:email",
    ]


@pytest.mark.parametrize(
    ("overwrite", "expected_team"), [("false", "payments"), ("true", "platform")]
)
def test_tags_the_restore_copied_are_kept_unless_overwrite(
    aws: None, monkeypatch: pytest.MonkeyPatch, overwrite: str, expected_team: str
) -> None:
    """CopySourceTagsToRestoredResource copies the tags of backup time; the source has moved on."""
    monkeypatch.setenv("OVERWRITE_EXISTING_TAGS", overwrite)
    queue = subscribe()
    source_arn = create_table("orders", SOURCE_TAGS)
    point_arn = back_up(source_arn, POINT_TAGS)
    boto3.client("dynamodb").tag_resource(
        ResourceArn=source_arn, Tags=tag_list({"team": "platform"})
    )
    job = restore(point_arn, TARGET, copy_tags=True)
    [event] = delivered(queue)

    response = invoke(event)

    expected = {**SOURCE_TAGS, **POINT_TAGS, **provenance(job), "team": expected_team}
    assert table_tags(job["CreatedResourceArn"]) == expected
    kept = response["resources"][0]["kept_existing"]
    assert kept == ([] if overwrite == "true" else ["team"])


def test_existing_bucket_keeps_its_own_tags(aws: None) -> None:
    queue = subscribe()
    point_arn = back_up(create_bucket("orders-archive", SOURCE_TAGS), POINT_TAGS)
    landing = create_bucket("landing-zone", {"owner": "ops", "team": "landing"})
    job = restore(point_arn, {"DestinationBucketName": "landing-zone", "NewBucket": "false"})
    assert job["CreatedResourceArn"] == landing
    [event] = delivered(queue)

    invoke(event)

    tag_set = boto3.client("s3").get_bucket_tagging(Bucket="landing-zone")["TagSet"]
    assert {tag["Key"]: tag["Value"] for tag in tag_set} == {
        "owner": "ops",
        "team": "landing",
        "cost-center": "cc-1234",
        **POINT_TAGS,
        **provenance(job),
    }


def test_more_than_fifty_tags_keeps_source_first_then_point_then_provenance(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    source = {f"source-{n:02d}": str(n) for n in range(45)}
    point = {f"point-{n:02d}": str(n) for n in range(8)}
    job, event = restored_table(source, point)
    capsys.readouterr()

    response = invoke(event)

    tags = table_tags(job["CreatedResourceArn"])
    assert len(tags) == 50
    assert tags == {**source, **{f"point-{n:02d}": str(n) for n in range(5)}}
    over = response["resources"][0]["over_limit"]
    assert over == ["point-05", "point-06", "point-07", *sorted(provenance(job))]
    assert metrics_in(capsys.readouterr().out)["TagsOverLimit"] == 6


def test_unsupported_type_is_a_logged_skip_with_a_metric(
    aws: None, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    response = invoke(load_event("restore/completed-timestream"))

    assert response["status"] == "skipped"
    assert response["reason"] == "unsupported"
    assert metrics_in(capsys.readouterr().out) == {
        "RestoresSkipped": 1,
        "UnsupportedResourceType": 1,
    }
    assert "restore skipped" in caplog.messages


@pytest.mark.parametrize(
    "name",
    [
        "restore/running-ebs",
        "restore/failed-rds",
        "restore/aborted-ebs",
        "backup/backup-job-completed-ebs",
    ],
)
def test_events_that_are_not_completed_restores_are_ignored(
    aws: None, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    response = invoke(load_event(name))

    assert response["status"] == "ignored"
    assert metrics_in(capsys.readouterr().out) == {"EventsIgnored": 1}


def test_state_instead_of_status(aws: None) -> None:
    job, event = restored_table()
    event["detail"]["state"] = event["detail"].pop("status")

    assert invoke(event)["status"] == "tagged"
    assert table_tags(job["CreatedResourceArn"]) == {**SOURCE_TAGS, **POINT_TAGS, **provenance(job)}


def test_detail_without_source_arn_falls_back_to_describe_restore_job(aws: None) -> None:
    """Source tags can only come from the source ARN, which DescribeRestoreJob supplies."""
    job, event = restored_table()
    del event["detail"]["sourceResourceArn"]
    del event["detail"]["backupVaultArn"]

    invoke(event)

    assert table_tags(job["CreatedResourceArn"]) == {**SOURCE_TAGS, **POINT_TAGS, **provenance(job)}


def test_created_resource_deleted_before_the_event_is_a_skip(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    job, event = restored_table()
    delete_table(job["CreatedResourceArn"])
    capsys.readouterr()

    response = invoke(event)

    assert (response["status"], response["reason"]) == ("skipped", "gone")
    assert metrics_in(capsys.readouterr().out) == {"RestoresSkipped": 1, "CreatedResourceGone": 1}


def test_access_denied_on_the_tag_call_raises_and_a_retry_succeeds(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    job, event = restored_table()
    denied = Fault("dynamodb", frozenset({"TagResource"}), "AccessDeniedException", status=400)

    with injected(denied) as faults:
        with pytest.raises(ClientError) as raised:
            invoke(event)
        assert faults.count("dynamodb", "TagResource") == 1

    assert raised.value.response["Error"]["Code"] == "AccessDeniedException"
    assert table_tags(job["CreatedResourceArn"]) == {}, "nothing written"
    assert metrics_in(capsys.readouterr().out) == {"RestoresFailed": 1}
    assert invoke(event)["status"] == "tagged", "Lambda's retry of the same event"
    assert table_tags(job["CreatedResourceArn"]) == {**SOURCE_TAGS, **POINT_TAGS, **provenance(job)}


def test_throttling_is_retried_by_the_client(aws: None) -> None:
    job, event = restored_table()
    throttled = Fault("dynamodb", frozenset({"TagResource"}), "ThrottlingException", times=2)

    with injected(throttled) as faults:
        response = invoke(event)
        assert faults.count("dynamodb", "TagResource") == 2

    assert response["status"] == "tagged"
    assert table_tags(job["CreatedResourceArn"]) == {**SOURCE_TAGS, **POINT_TAGS, **provenance(job)}


def test_recovery_point_list_tags_failing_means_no_point_tags(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Real EBS/RDS recovery points are snapshot ARNs on which ListTags may fail."""
    job, event = restored_table()
    refused = Fault("backup", frozenset({"ListTags"}), "InvalidParameterValueException")

    with injected(refused) as faults:
        response = invoke(event)
        assert faults.count("backup", "ListTags") == 1

    assert response["status"] == "tagged"
    assert table_tags(job["CreatedResourceArn"]) == {**SOURCE_TAGS, **provenance(job)}
    assert metrics_in(capsys.readouterr().out)["RecoveryPointTagsUnavailable"] == 1


def test_provenance_tags_can_be_renamed_or_turned_off(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVENANCE_TAG_PREFIX", "restored-from:")
    job, event = restored_table()
    invoke(event)
    assert table_tags(job["CreatedResourceArn"]) == {
        **SOURCE_TAGS,
        **POINT_TAGS,
        **provenance(job, "restored-from:"),
    }

    monkeypatch.setenv("PROVENANCE_TAGS", "false")
    load_config.cache_clear()
    boto3.client("dynamodb").untag_resource(
        ResourceArn=job["CreatedResourceArn"], TagKeys=list(provenance(job, "restored-from:"))
    )
    invoke(event)
    assert table_tags(job["CreatedResourceArn"]) == {**SOURCE_TAGS, **POINT_TAGS}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("OVERWRITE_EXISTING_TAGS", "yes"),
        ("PROVENANCE_TAGS", "0"),
        ("PROVENANCE_TAG_PREFIX", "aws:restore:"),
        ("EXCLUDED_TAG_KEYS", "ok,bad|key"),
    ],
)
def test_a_bad_setting_fails_every_event_and_tags_nothing(
    aws: None, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    job, event = restored_table()
    monkeypatch.setenv(variable, value)

    with pytest.raises(ConfigurationError, match=variable):
        invoke(event)

    assert table_tags(job["CreatedResourceArn"]) == {}
