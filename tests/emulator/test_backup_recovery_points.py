"""Recovery points are what AWS makes per resource type: AWS Backup's own for the types it fully
manages, the service's own snapshot or image for the others, each carrying the tags.

Tags are read the way an operator would, with the owning service's client; ``backup:ListTags``
answers only for AWS Backup's own recovery points, as AWS's does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.emulator.test_backup_restore import (
    ACCOUNT,
    CASES,
    POINT_TAGS,
    REGION,
    SOURCE_TAGS,
    VAULT,
    Case,
    back_up,
)


def _tag_dict(tags: list[dict[str, str]] | None) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in tags or []}


def snapshot_tags(arn: str) -> dict[str, str]:
    snapshot_id = arn.rsplit("/", 1)[-1]
    [snapshot] = boto3.client("ec2").describe_snapshots(SnapshotIds=[snapshot_id])["Snapshots"]
    return _tag_dict(snapshot.get("Tags"))


def image_tags(arn: str) -> dict[str, str]:
    [image] = boto3.client("ec2").describe_images(ImageIds=[arn.rsplit("/", 1)[-1]])["Images"]
    return _tag_dict(image.get("Tags"))


def rds_snapshot_tags(arn: str) -> dict[str, str]:
    return _tag_dict(boto3.client("rds").list_tags_for_resource(ResourceName=arn)["TagList"])


def fsx_backup_tags(arn: str) -> dict[str, str]:
    return _tag_dict(boto3.client("fsx").list_tags_for_resource(ResourceARN=arn)["Tags"])


def backup_tags(arn: str) -> dict[str, str]:
    tags: dict[str, str] = boto3.client("backup").list_tags(ResourceArn=arn)["Tags"]
    return tags


BACKUP_POINT = rf"arn:aws:backup:{REGION}:{ACCOUNT}:recovery-point:[0-9a-f-]{{36}}"
RDS = f"arn:aws:rds:{REGION}:{ACCOUNT}"
JOB = r"awsbackup:job-[0-9a-f-]{36}"
DYNAMODB_BACKUP = rf"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders/backup/[0-9]+-[0-9a-f]+"
# ResourceType -> (recovery point ARN pattern, where its tags are read, whether the source's
# tags were copied onto it). Without advanced DynamoDB backup (the default Region setting) a
# DynamoDB backup keeps no tags at all, so nothing reads them.
KEPT: dict[str, tuple[str, Callable[[str], dict[str, str]] | None, bool]] = {
    "EBS": (rf"arn:aws:ec2:{REGION}::snapshot/snap-[0-9a-f]{{17}}", snapshot_tags, True),
    "EC2": (rf"arn:aws:ec2:{REGION}::image/ami-[0-9a-f]{{17}}", image_tags, True),
    "RDS": (rf"{RDS}:snapshot:{JOB}", rds_snapshot_tags, True),
    "Aurora": (rf"{RDS}:cluster-snapshot:{JOB}", rds_snapshot_tags, True),
    "Neptune": (rf"{RDS}:cluster-snapshot:{JOB}", rds_snapshot_tags, True),
    "DynamoDB": (DYNAMODB_BACKUP, None, False),
    "S3": (BACKUP_POINT, backup_tags, True),
    "EFS": (BACKUP_POINT, backup_tags, True),
    "FSx": (rf"arn:aws:fsx:{REGION}:{ACCOUNT}:backup/backup-[0-9a-f]+", fsx_backup_tags, True),
}
by_type = pytest.mark.parametrize("case", CASES, ids=[case.resource_type for case in CASES])


def test_every_type_has_a_row() -> None:
    assert set(KEPT) == {case.resource_type for case in CASES}


def _expected(resource_type: str) -> dict[str, str]:
    _, read_tags, copies_source = KEPT[resource_type]
    if read_tags is None:
        return {}
    return {**(SOURCE_TAGS if copies_source else {}), **POINT_TAGS}


def _read(resource_type: str, point_arn: str) -> dict[str, str]:
    read_tags = KEPT[resource_type][1]
    return {} if read_tags is None else read_tags(point_arn)


@by_type
def test_recovery_point_is_what_aws_makes_and_carries_the_tags(aws: None, case: Case) -> None:
    point_arn = back_up(case.create())

    assert re.fullmatch(KEPT[case.resource_type][0], point_arn), point_arn
    assert _read(case.resource_type, point_arn) == _expected(case.resource_type)


@by_type
def test_tags_outlive_the_source(aws: None, case: Case) -> None:
    """The disaster-recovery case: the source is deleted, its copy keeps its tags."""
    source_arn = case.create()
    point_arn = back_up(source_arn)

    case.delete(source_arn)

    assert _read(case.resource_type, point_arn) == _expected(case.resource_type)


def test_advanced_dynamodb_backup_makes_aws_backup_keep_the_recovery_point(aws: None) -> None:
    """With full management of DynamoDB on (advanced DynamoDB backup), the recovery point is
    AWS Backup's own and carries the table's tags (UpdateRegionSettings)."""
    [dynamodb] = [case for case in CASES if case.resource_type == "DynamoDB"]
    boto3.client("backup").update_region_settings(
        ResourceTypeManagementPreference={"DynamoDB": True}
    )

    point_arn = back_up(dynamodb.create())

    assert re.fullmatch(BACKUP_POINT, point_arn), point_arn
    assert backup_tags(point_arn) == {**SOURCE_TAGS, **POINT_TAGS}


@pytest.mark.parametrize("operation", ["list_tags", "tag_resource", "untag_resource"])
def test_backup_refuses_tags_of_a_service_recovery_point(aws: None, operation: str) -> None:
    """ListTags "only works for resource types that support full AWS Backup management"
    (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html); the modelled
    error for an ARN it does not serve is InvalidParameterValueException."""
    [ebs] = [case for case in CASES if case.resource_type == "EBS"]
    point_arn = back_up(ebs.create())
    arguments: dict[str, dict[str, object]] = {
        "list_tags": {},
        "tag_resource": {"Tags": {"k": "v"}},
        "untag_resource": {"TagKeyList": ["retention"]},
    }

    with pytest.raises(ClientError) as refused:
        getattr(boto3.client("backup"), operation)(ResourceArn=point_arn, **arguments[operation])

    assert refused.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert snapshot_tags(point_arn) == {**SOURCE_TAGS, **POINT_TAGS}, "nothing changed"


def test_a_snapshot_recovery_point_lists_describes_and_restores(aws: None) -> None:
    [rds] = [case for case in CASES if case.resource_type == "RDS"]
    source_arn = rds.create()
    point_arn = back_up(source_arn)
    backup = boto3.client("backup")

    listed = backup.list_recovery_points_by_backup_vault(BackupVaultName=VAULT)
    restored = backup.start_restore_job(RecoveryPointArn=point_arn, Metadata=rds.metadata)
    job = backup.describe_restore_job(RestoreJobId=restored["RestoreJobId"])

    assert [point["RecoveryPointArn"] for point in listed["RecoveryPoints"]] == [point_arn]
    assert (job["Status"], job["RecoveryPointArn"]) == ("COMPLETED", point_arn)
    [snapshot] = boto3.client("rds").describe_db_snapshots(
        DBInstanceIdentifier=source_arn.rsplit(":", 1)[-1], SnapshotType="awsbackup"
    )["DBSnapshots"]
    assert snapshot["DBSnapshotArn"] == point_arn
