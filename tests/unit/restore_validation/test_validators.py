"""Each validator against the emulator: a healthy restored resource passes, and an injected
fault (resource deleted, emptied, in the wrong state) fails with a message naming it."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from restore_validation.clients import client
from restore_validation.config import Config
from restore_validation.validators import VALIDATORS, Restored, Verdict

REGION = "us-east-1"
ACCOUNT = "123456789012"
CONFIG = Config()


def validate(resource_type: str, arn: str, point: str | None = None) -> Verdict:
    restored = Restored("JOB-1", resource_type, arn, point)
    return VALIDATORS[resource_type](restored, CONFIG, client)


def test_every_required_type_has_a_validator() -> None:
    required = {"DynamoDB", "S3", "EBS", "EC2", "RDS", "Aurora", "EFS"}

    assert required <= set(VALIDATORS)
    assert "Storage Gateway" not in VALIDATORS  # reported as unsupported, never guessed


# S3 --------------------------------------------------------------------------------------
def test_bucket_with_objects_passes(aws: None) -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="awsbackup-restore-test-bucket")
    s3.put_object(Bucket="awsbackup-restore-test-bucket", Key="a.txt", Body=b"a")

    assert validate("S3", "arn:aws:s3:::awsbackup-restore-test-bucket") == Verdict(
        "SUCCESSFUL", "bucket awsbackup-restore-test-bucket exists and has objects"
    )


def test_empty_bucket_fails(aws: None) -> None:
    boto3.client("s3").create_bucket(Bucket="awsbackup-restore-test-bucket")

    assert validate("S3", "arn:aws:s3:::awsbackup-restore-test-bucket") == Verdict(
        "FAILED", "bucket awsbackup-restore-test-bucket has no objects"
    )


def test_missing_bucket_fails(aws: None) -> None:
    assert validate("S3", "arn:aws:s3:::awsbackup-restore-test-gone") == Verdict(
        "FAILED", "bucket awsbackup-restore-test-gone not found"
    )


# EBS and EC2 -----------------------------------------------------------------------------
def _volume() -> str:
    volume = boto3.client("ec2").create_volume(Size=8, AvailabilityZone=f"{REGION}a")
    return str(volume["VolumeId"])


def _instance() -> str:
    reservation = boto3.client("ec2").run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)
    return str(reservation["Instances"][0]["InstanceId"])


def test_available_volume_passes(aws: None) -> None:
    volume = _volume()

    verdict = validate("EBS", f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{volume}")

    assert verdict == Verdict("SUCCESSFUL", f"volume {volume} is available")


def test_attached_volume_fails(aws: None) -> None:
    volume, instance = _volume(), _instance()
    boto3.client("ec2").attach_volume(VolumeId=volume, InstanceId=instance, Device="/dev/sdf")

    verdict = validate("EBS", f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{volume}")

    assert verdict == Verdict("FAILED", f"volume {volume} is in-use, not available")


def test_missing_volume_fails(aws: None) -> None:
    arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-0123456789abcdef0"

    assert validate("EBS", arn) == Verdict("FAILED", "volume vol-0123456789abcdef0 not found")


@pytest.mark.parametrize("stop", [False, True])
def test_running_or_stopped_instance_passes(aws: None, stop: bool) -> None:
    instance = _instance()
    if stop:
        boto3.client("ec2").stop_instances(InstanceIds=[instance])

    verdict = validate("EC2", f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance}")

    state = "stopped" if stop else "running"
    assert verdict == Verdict("SUCCESSFUL", f"instance {instance} is {state}")


def test_terminated_instance_fails(aws: None) -> None:
    instance = _instance()
    boto3.client("ec2").terminate_instances(InstanceIds=[instance])

    verdict = validate("EC2", f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance}")

    message = f"instance {instance} is terminated, not running or stopped"
    assert verdict == Verdict("FAILED", message)


def test_missing_instance_fails(aws: None) -> None:
    arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0123456789abcdef0"

    assert validate("EC2", arn) == Verdict("FAILED", "instance i-0123456789abcdef0 not found")


# RDS and Aurora --------------------------------------------------------------------------
def _db_instance(name: str) -> None:
    boto3.client("rds").create_db_instance(
        DBInstanceIdentifier=name,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        AllocatedStorage=20,
        MasterUsername="admin_user",
        MasterUserPassword="not-a-secret-1",
    )


def test_available_db_instance_passes(aws: None) -> None:
    _db_instance("awsbackup-restore-test-orders")

    verdict = validate("RDS", f"arn:aws:rds:{REGION}:{ACCOUNT}:db:awsbackup-restore-test-orders")

    assert verdict == Verdict(
        "SUCCESSFUL", "DB instance awsbackup-restore-test-orders is available"
    )


def test_stopped_db_instance_fails(aws: None) -> None:
    _db_instance("awsbackup-restore-test-orders")
    boto3.client("rds").stop_db_instance(DBInstanceIdentifier="awsbackup-restore-test-orders")

    verdict = validate("RDS", f"arn:aws:rds:{REGION}:{ACCOUNT}:db:awsbackup-restore-test-orders")

    assert verdict == Verdict(
        "FAILED", "DB instance awsbackup-restore-test-orders is stopped, not available"
    )


def test_missing_db_instance_fails(aws: None) -> None:
    verdict = validate("RDS", f"arn:aws:rds:{REGION}:{ACCOUNT}:db:gone")

    assert verdict == Verdict("FAILED", "DB instance gone not found")


def test_available_aurora_cluster_passes(aws: None) -> None:
    boto3.client("rds").create_db_cluster(
        DBClusterIdentifier="awsbackup-restore-test-ledger",
        Engine="aurora-postgresql",
        MasterUsername="admin_user",
        MasterUserPassword="not-a-secret-1",
    )

    verdict = validate(
        "Aurora", f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:awsbackup-restore-test-ledger"
    )

    assert verdict == Verdict("SUCCESSFUL", "DB cluster awsbackup-restore-test-ledger is available")


def test_missing_aurora_cluster_fails(aws: None) -> None:
    verdict = validate("Aurora", f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:gone")

    assert verdict == Verdict("FAILED", "DB cluster gone not found")


# EFS -------------------------------------------------------------------------------------
def test_available_file_system_passes(aws: None) -> None:
    file_system = boto3.client("efs").create_file_system(CreationToken="restored")["FileSystemId"]
    arn = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{file_system}"

    assert validate("EFS", arn) == Verdict("SUCCESSFUL", f"file system {file_system} is available")


def test_missing_file_system_fails(aws: None) -> None:
    arn = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-0123456789abcdef0"

    assert validate("EFS", arn) == Verdict("FAILED", "file system fs-0123456789abcdef0 not found")


# DynamoDB --------------------------------------------------------------------------------
def _restored_table(items: int, tags: dict[str, str]) -> tuple[str, str]:
    """Back up a table of ``items`` items tagged ``tags`` (fully managed, so the recovery point
    keeps the tags) and restore it; the restored table's ARN and the recovery point ARN."""
    dynamodb, backup = boto3.client("dynamodb"), boto3.client("backup")
    source = dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        Tags=[{"Key": key, "Value": value} for key, value in tags.items()],
    )["TableDescription"]["TableArn"]
    for index in range(items):
        dynamodb.put_item(TableName="orders", Item={"id": {"S": f"order-{index}"}})
    backup.update_region_settings(ResourceTypeManagementPreference={"DynamoDB": True})
    backup.create_backup_vault(BackupVaultName="vault")
    role = f"arn:aws:iam::{ACCOUNT}:role/org-backup-service-role"
    point = backup.start_backup_job(BackupVaultName="vault", ResourceArn=source, IamRoleArn=role)
    job = backup.start_restore_job(
        RecoveryPointArn=point["RecoveryPointArn"],
        Metadata={"targetTableName": "awsbackup-restore-test-orders"},
        IamRoleArn=role,
    )
    created = backup.describe_restore_job(RestoreJobId=job["RestoreJobId"])["CreatedResourceArn"]
    return str(created), str(point["RecoveryPointArn"])


def _count_tag(count: str) -> dict[str, str]:
    return {"restore-validation:item-count": count}


def test_table_with_the_expected_count_passes(aws: None) -> None:
    table, point = _restored_table(5, _count_tag("5"))

    verdict = validate("DynamoDB", table, point)

    message = "table awsbackup-restore-test-orders is ACTIVE and has the expected 5 items"
    assert verdict == Verdict("SUCCESSFUL", message)


def test_table_missing_items_fails(aws: None) -> None:
    table, point = _restored_table(5, _count_tag("5"))
    boto3.client("dynamodb").delete_item(
        TableName="awsbackup-restore-test-orders", Key={"id": {"S": "order-0"}}
    )

    verdict = validate("DynamoDB", table, point)

    assert verdict == Verdict(
        "FAILED", "table awsbackup-restore-test-orders has 4 items; the recovery point says 5"
    )


def test_table_without_count_tag_is_checked_for_reads(aws: None) -> None:
    table, point = _restored_table(3, {"team": "payments"})

    verdict = validate("DynamoDB", table, point)

    assert verdict == Verdict(
        "SUCCESSFUL", "table awsbackup-restore-test-orders is ACTIVE and readable: 3 items"
    )


def test_count_tag_that_is_not_a_number_fails(aws: None) -> None:
    table, point = _restored_table(3, _count_tag("three"))

    verdict = validate("DynamoDB", table, point)

    assert verdict == Verdict(
        "FAILED", "recovery point tag restore-validation:item-count='three' is not a count"
    )


def test_deleted_table_fails(aws: None) -> None:
    table, point = _restored_table(2, _count_tag("2"))
    boto3.client("dynamodb").delete_table(TableName="awsbackup-restore-test-orders")

    verdict = validate("DynamoDB", table, point)

    assert verdict == Verdict("FAILED", "table awsbackup-restore-test-orders not found")


def test_a_count_cut_short_by_the_page_bound_fails(aws: None) -> None:
    table, point = _restored_table(3, _count_tag("3"))
    restored = Restored("JOB-1", "DynamoDB", table, point)

    calls: list[dict[str, Any]] = []

    def one_item_pages(service: str) -> Any:
        real = client(service)
        if service != "dynamodb":
            return real

        class Paged:  # Scan with Limit=1, so three items take three pages
            def __getattr__(self, name: str) -> Any:
                return getattr(real, name)

            def scan(self, **arguments: Any) -> Any:
                calls.append(arguments)
                return real.scan(Limit=1, **arguments)

        return Paged()

    verdict = VALIDATORS["DynamoDB"](restored, Config(max_scan_pages=2), one_item_pages)

    assert verdict.status == "FAILED"
    assert "counted 2 items in 2 pages (MAX_SCAN_PAGES) without reaching the end" in verdict.message
    assert len(calls) == 2
    assert "ExclusiveStartKey" in calls[1]
