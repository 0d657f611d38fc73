"""End to end on the emulator, for every type it restores: tagged source, backup, restore,
the EventBridge event through the function's rule pattern, then the restored resource's
tags, checked exactly.
"""

from __future__ import annotations

import boto3
import pytest

from tests.integration.tag_on_restore.flow import (
    back_up,
    delivered,
    invoke,
    provenance,
    restore,
    subscribe,
)
from tests.integration.tag_on_restore.resources import KINDS, Kind, instance_volume_tags

SOURCE_TAGS = {"team": "payments", "cost-center": "cc-1234", "backup-plan": "daily"}
POINT_TAGS = {"retention": "35d", "team": "recovery-point-value"}
# AWS copies the source's tags onto the recovery point (so does the emulator): AWS Backup's own
# for fully managed types (DynamoDB with advanced backup, as flow.back_up sets it up), the
# service's snapshot, image or backup for the others.
KEEPS_SOURCE_TAGS = {"S3", "EFS", "DynamoDB", "EBS", "EC2", "RDS", "Aurora", "Neptune", "FSx"}
by_type = pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))


def _source(kind: Kind, name: str) -> dict[str, str]:
    return {"Name": name, **SOURCE_TAGS} if kind.name_tag else SOURCE_TAGS


def _point_tags(point_arn: str) -> dict[str, str]:
    """The recovery point's tags, read where AWS keeps them."""
    service, resource = point_arn.split(":")[2], point_arn.split(":", 5)[5]
    if service == "ec2" and resource.startswith("snapshot/"):
        found = boto3.client("ec2").describe_snapshots(SnapshotIds=[resource.split("/")[1]])
        return _dict(found["Snapshots"][0].get("Tags"))
    if service == "ec2":
        found = boto3.client("ec2").describe_images(ImageIds=[resource.split("/")[1]])
        return _dict(found["Images"][0].get("Tags"))
    if service == "fsx":
        return _dict(boto3.client("fsx").list_tags_for_resource(ResourceARN=point_arn)["Tags"])
    if service == "rds":
        return _dict(boto3.client("rds").list_tags_for_resource(ResourceName=point_arn)["TagList"])
    tags: dict[str, str] = boto3.client("backup").list_tags(ResourceArn=point_arn)["Tags"]
    return tags


def _dict(tags: list[dict[str, str]] | None) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in tags or []}


def _expected(kind: Kind, name: str, job: dict[str, str]) -> dict[str, str]:
    # source wins over the recovery point for "team"
    return {**_point_tags(job["RecoveryPointArn"]), **_source(kind, name), **provenance(job)}


@by_type
def test_restored_resource_gets_source_point_and_provenance_tags(aws: None, kind: Kind) -> None:
    queue = subscribe()
    name = f"orders-{kind.resource_type.lower()}"
    source_arn = kind.create(name, SOURCE_TAGS)
    job = restore(back_up(source_arn, POINT_TAGS), kind.metadata(name))
    created = job["CreatedResourceArn"]
    assert kind.read_tags(created) == {}, "the emulator restores without tags, as AWS does"

    [event] = delivered(queue)
    response = invoke(event)

    assert response["status"] == "tagged"
    assert response["resource_type"] == kind.resource_type
    assert kind.read_tags(created) == _expected(kind, name, job)
    if kind.resource_type == "EC2":
        volumes = instance_volume_tags(created)
        assert volumes, "the restored instance has attached volumes"
        assert all(tags == _expected(kind, name, job) for tags in volumes)
    assert kind.read_tags(source_arn) == _source(kind, name), "the source is left alone"


@by_type
def test_source_deleted_before_restore_gets_recovery_point_tags(aws: None, kind: Kind) -> None:
    """The disaster-recovery case: the source is gone, the recovery point's tags remain."""
    queue = subscribe()
    name = f"gone-{kind.resource_type.lower()}"
    source_arn = kind.create(name, SOURCE_TAGS)
    point_arn = back_up(source_arn, POINT_TAGS)
    kind.delete(source_arn)
    job = restore(point_arn, kind.metadata(name))

    [event] = delivered(queue)
    invoke(event)

    tags = kind.read_tags(job["CreatedResourceArn"])
    assert tags == {**_point_tags(point_arn), **provenance(job)}
    if kind.resource_type in KEEPS_SOURCE_TAGS:
        assert tags.items() >= {"cost-center": "cc-1234", "backup-plan": "daily"}.items()
        assert tags["team"] == POINT_TAGS["team"], "the job's recovery point tag wins"
    else:
        assert tags == {**POINT_TAGS, **provenance(job)}


@by_type
def test_same_event_twice_changes_nothing_the_second_time(aws: None, kind: Kind) -> None:
    queue = subscribe()
    name = f"twice-{kind.resource_type.lower()}"
    job = restore(back_up(kind.create(name, SOURCE_TAGS), POINT_TAGS), kind.metadata(name))
    [event] = delivered(queue)

    first, second = invoke(event), invoke(event)

    assert first["status"] == "tagged"
    assert second["status"] == "unchanged"
    assert all(resource["written"] == [] for resource in second["resources"])
    assert kind.read_tags(job["CreatedResourceArn"]) == _expected(kind, name, job)
