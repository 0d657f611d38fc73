"""AWS Backup jobs and recovery points in the emulator: the API as boto3 sees it, errors included.

Per-type backup and restore lives in test_backup_restore.py, events in test_backup_events.py.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from rehearsal.emulator import backup as backup_extension
from rehearsal.emulator.server import reset

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/backup-operator"
VAULT = "core-vault"


def make_volume(ec2: Any | None = None, account: str = ACCOUNT, **tags: str) -> str:
    ec2 = ec2 or boto3.client("ec2")
    tag_list = [{"Key": key, "Value": value} for key, value in tags.items()]
    extra = {"TagSpecifications": [{"ResourceType": "volume", "Tags": tag_list}]} if tags else {}
    volume = ec2.create_volume(Size=8, AvailabilityZone=f"{REGION}a", **extra)
    return f"arn:aws:ec2:{REGION}:{account}:volume/{volume['VolumeId']}"


def make_vault(name: str = VAULT) -> None:
    boto3.client("backup").create_backup_vault(BackupVaultName=name)


def start_backup(resource_arn: str, vault: str = VAULT, **extra: Any) -> dict[str, Any]:
    started: dict[str, Any] = boto3.client("backup").start_backup_job(
        BackupVaultName=vault, ResourceArn=resource_arn, IamRoleArn=ROLE, **extra
    )
    return started


def error_code(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    return str(raised.value.response["Error"]["Code"])


def test_backup_job_completes_and_leaves_a_recovery_point(aws: None) -> None:
    make_vault()
    volume_arn = make_volume(team="storage")
    backup = boto3.client("backup")

    started = start_backup(volume_arn, RecoveryPointTags={"plan": "daily"})
    job = backup.describe_backup_job(BackupJobId=started["BackupJobId"])
    point = backup.describe_recovery_point(
        BackupVaultName=VAULT, RecoveryPointArn=started["RecoveryPointArn"]
    )

    # An EBS recovery point is the EBS snapshot itself; its ARN names no account.
    assert started["RecoveryPointArn"].startswith(f"arn:aws:ec2:{REGION}::snapshot/snap-")
    assert job["State"] == "COMPLETED"
    assert job["ResourceArn"] == point["ResourceArn"] == volume_arn
    assert job["ResourceType"] == point["ResourceType"] == "EBS"
    assert job["RecoveryPointArn"] == point["RecoveryPointArn"]
    assert job["BackupVaultArn"] == point["BackupVaultArn"]
    assert job["BackupSizeInBytes"] == point["BackupSizeInBytes"] == 8 * 1024**3
    assert job["AccountId"] == ACCOUNT
    assert point["Status"] == "COMPLETED"
    assert point["IamRoleArn"] == ROLE
    assert point["CreationDate"] == job["CreationDate"]
    snapshot_id = point["RecoveryPointArn"].rsplit("/", 1)[-1]
    [snapshot] = boto3.client("ec2").describe_snapshots(SnapshotIds=[snapshot_id])["Snapshots"]
    assert snapshot["VolumeId"] == volume_arn.rsplit("/", 1)[-1]
    assert {t["Key"]: t["Value"] for t in snapshot["Tags"]} == {"team": "storage", "plan": "daily"}
    vault = backup.list_backup_vaults()["BackupVaultList"][0]
    assert vault["NumberOfRecoveryPoints"] == 1


def make_file_system() -> str:
    """An EFS file system: a type AWS Backup fully manages, so its recovery points are its own."""
    return str(boto3.client("efs").create_file_system(CreationToken="share")["FileSystemArn"])


def test_recovery_point_tags_can_be_changed(aws: None) -> None:
    make_vault()
    point_arn = start_backup(make_file_system(), RecoveryPointTags={"a": "1"})["RecoveryPointArn"]
    backup = boto3.client("backup")

    backup.tag_resource(ResourceArn=point_arn, Tags={"b": "2"})
    backup.untag_resource(ResourceArn=point_arn, TagKeyList=["a"])

    assert backup.list_tags(ResourceArn=point_arn)["Tags"] == {"b": "2"}
    code = error_code(backup.tag_resource, ResourceArn=point_arn, Tags={"aws:backup": "x"})
    assert code == "InvalidParameterValueException"


def test_restore_metadata_describes_the_source(aws: None) -> None:
    make_vault()
    volume_arn = make_volume()
    point_arn = start_backup(volume_arn)["RecoveryPointArn"]

    answer = boto3.client("backup").get_recovery_point_restore_metadata(
        BackupVaultName=VAULT, RecoveryPointArn=point_arn
    )

    assert answer["ResourceType"] == "EBS"
    assert answer["RestoreMetadata"] == {
        "volumeId": volume_arn.rsplit("/", 1)[-1],
        "availabilityZone": f"{REGION}a",
        "volumeSize": "8",
        "volumeType": "gp2",
        "encrypted": "false",
    }


def test_recovery_points_page_and_filter(aws: None) -> None:
    make_vault()
    backup = boto3.client("backup")
    volumes = [make_volume() for _ in range(3)]
    points = [start_backup(arn)["RecoveryPointArn"] for arn in volumes + volumes[:2]]

    pages = backup.get_paginator("list_recovery_points_by_backup_vault").paginate(
        BackupVaultName=VAULT, PaginationConfig={"PageSize": 2}
    )
    page_sizes: list[int] = []
    listed: list[str] = []
    for page in pages:
        page_sizes.append(len(page["RecoveryPoints"]))
        listed.extend(point["RecoveryPointArn"] for point in page["RecoveryPoints"])
    by_resource = backup.list_recovery_points_by_backup_vault(
        BackupVaultName=VAULT, ByResourceArn=volumes[0]
    )["RecoveryPoints"]
    by_other_type = backup.list_recovery_points_by_backup_vault(
        BackupVaultName=VAULT, ByResourceType="DynamoDB"
    )["RecoveryPoints"]
    for_resource = backup.list_recovery_points_by_resource(ResourceArn=volumes[1], MaxResults=1)
    rest = backup.list_recovery_points_by_resource(
        ResourceArn=volumes[1], MaxResults=1, NextToken=for_resource["NextToken"]
    )

    assert page_sizes == [2, 2, 1]
    assert listed == points[::-1], "newest first, each once"
    assert [point["RecoveryPointArn"] for point in by_resource] == [points[3], points[0]]
    assert by_other_type == []
    assert [p["RecoveryPointArn"] for p in for_resource["RecoveryPoints"]] == [points[4]]
    assert [p["RecoveryPointArn"] for p in rest["RecoveryPoints"]] == [points[1]]
    assert "NextToken" not in rest


def test_backup_jobs_page_and_filter(aws: None) -> None:
    make_vault()
    make_vault("other-vault")
    backup = boto3.client("backup")
    jobs = [start_backup(make_volume())["BackupJobId"] for _ in range(3)]
    other = start_backup(make_volume(), vault="other-vault")["BackupJobId"]

    first = backup.list_backup_jobs(MaxResults=2)
    second = backup.list_backup_jobs(MaxResults=2, NextToken=first["NextToken"])
    in_vault = backup.list_backup_jobs(ByBackupVaultName="other-vault")["BackupJobs"]
    completed_ebs = backup.list_backup_jobs(ByState="COMPLETED", ByResourceType="EBS")

    assert [job["BackupJobId"] for job in first["BackupJobs"] + second["BackupJobs"]] == [
        other,
        *jobs[::-1],
    ]
    assert "NextToken" not in second
    assert [job["BackupJobId"] for job in in_vault] == [other]
    assert len(completed_ebs["BackupJobs"]) == 4
    assert backup.list_backup_jobs(ByState="FAILED")["BackupJobs"] == []


def test_idempotency_token_returns_the_same_job(aws: None) -> None:
    make_vault()
    volume_arn = make_volume()

    first = start_backup(volume_arn, IdempotencyToken="nightly-2024-06-01")
    again = start_backup(volume_arn, IdempotencyToken="nightly-2024-06-01")

    assert again["BackupJobId"] == first["BackupJobId"]
    assert len(boto3.client("backup").list_backup_jobs()["BackupJobs"]) == 1


def test_deleting_recovery_points_and_vaults(aws: None) -> None:
    make_vault()
    point_arn = start_backup(make_file_system())["RecoveryPointArn"]
    backup = boto3.client("backup")

    assert (
        error_code(backup.delete_backup_vault, BackupVaultName=VAULT) == "InvalidRequestException"
    )
    backup.delete_recovery_point(BackupVaultName=VAULT, RecoveryPointArn=point_arn)
    backup.delete_backup_vault(BackupVaultName=VAULT)

    assert backup.list_backup_vaults()["BackupVaultList"] == []
    assert error_code(backup.list_tags, ResourceArn=point_arn) == "ResourceNotFoundException"


@pytest.mark.parametrize(
    ("operation", "kwargs", "expected"),
    [
        ("describe_backup_job", {"BackupJobId": "NO-SUCH-JOB"}, "ResourceNotFoundException"),
        ("describe_restore_job", {"RestoreJobId": "NO-SUCH-JOB"}, "ResourceNotFoundException"),
        (
            "describe_recovery_point",
            {"BackupVaultName": VAULT, "RecoveryPointArn": "arn:aws:backup:us-east-1:1:x:y"},
            "ResourceNotFoundException",
        ),
        (
            "list_recovery_points_by_backup_vault",
            {"BackupVaultName": "no-such-vault"},
            "ResourceNotFoundException",
        ),
        (
            "start_restore_job",
            {
                "RecoveryPointArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:recovery-point:none",
                "Metadata": {},
                "IamRoleArn": ROLE,
            },
            "ResourceNotFoundException",
        ),
        (
            "list_tags",
            {"ResourceArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:recovery-point:none"},
            "ResourceNotFoundException",
        ),
        ("list_backup_jobs", {"NextToken": "not-a-token"}, "InvalidParameterValueException"),
    ],
)
def test_unknown_names_are_errors(
    aws: None, operation: str, kwargs: dict[str, Any], expected: str
) -> None:
    make_vault()

    assert error_code(getattr(boto3.client("backup"), operation), **kwargs) == expected


@pytest.mark.parametrize(
    ("resource_arn", "expected"),
    [
        (
            f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-0123456789abcdef0",
            "ResourceNotFoundException",
        ),
        (f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/missing", "ResourceNotFoundException"),
        ("arn:aws:s3:::missing-bucket", "ResourceNotFoundException"),
        (f"arn:aws:rds:{REGION}:{ACCOUNT}:db:missing", "ResourceNotFoundException"),
        (f"arn:aws:sqs:{REGION}:{ACCOUNT}:queue", "InvalidParameterValueException"),
        ("not-an-arn", "InvalidParameterValueException"),
        (f"arn:aws:ec2:eu-west-1:{ACCOUNT}:volume/vol-1", "InvalidParameterValueException"),
    ],
)
def test_start_backup_job_checks_the_resource(aws: None, resource_arn: str, expected: str) -> None:
    make_vault()

    code = error_code(start_backup, resource_arn=resource_arn)

    assert code == expected
    assert boto3.client("backup").list_backup_jobs()["BackupJobs"] == []


def test_start_backup_job_checks_vault_and_role(aws: None) -> None:
    volume_arn = make_volume()
    backup = boto3.client("backup")

    assert error_code(start_backup, resource_arn=volume_arn) == "ResourceNotFoundException"
    make_vault()
    bad_role = error_code(
        backup.start_backup_job,
        BackupVaultName=VAULT,
        ResourceArn=volume_arn,
        IamRoleArn="backup-role",
    )
    assert bad_role == "InvalidParameterValueException"


def test_jobs_live_in_the_callers_account(aws: None) -> None:
    member = "111111111111"
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", RoleSessionName="test"
    )["Credentials"]
    session = boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=REGION,
    )
    member_backup = session.client("backup")
    member_backup.create_backup_vault(BackupVaultName=VAULT)
    volume_arn = make_volume(session.client("ec2"), account=member)

    started = member_backup.start_backup_job(
        BackupVaultName=VAULT,
        ResourceArn=volume_arn,
        IamRoleArn=f"arn:aws:iam::{member}:role/backup-operator",
    )
    restored = member_backup.start_restore_job(
        RecoveryPointArn=started["RecoveryPointArn"], Metadata={}
    )
    job = member_backup.describe_restore_job(RestoreJobId=restored["RestoreJobId"])

    snapshot_id = started["RecoveryPointArn"].rsplit("/", 1)[-1]
    member_snapshots = session.client("ec2").describe_snapshots(OwnerIds=["self"])["Snapshots"]
    assert [snapshot["SnapshotId"] for snapshot in member_snapshots] == [snapshot_id]
    assert boto3.client("ec2").describe_snapshots(OwnerIds=["self"])["Snapshots"] == []
    assert job["AccountId"] == member
    assert job["CreatedResourceArn"].startswith(f"arn:aws:ec2:{REGION}:{member}:volume/")
    management = boto3.client("backup")
    assert management.list_backup_jobs()["BackupJobs"] == []
    assert management.list_restore_jobs()["RestoreJobs"] == []
    assert (
        error_code(management.describe_restore_job, RestoreJobId=restored["RestoreJobId"])
        == "ResourceNotFoundException"
    )


def test_install_is_idempotent_and_keeps_state(aws: None) -> None:
    make_vault()
    start_backup(make_volume())

    backup_extension.install()
    backup_extension.install()

    assert len(boto3.client("backup").list_backup_jobs()["BackupJobs"]) == 1


def test_routes_work_through_the_http_server(emulator_endpoint: str) -> None:
    backup = boto3.client("backup")
    dynamodb = boto3.client("dynamodb")
    backup.create_backup_vault(BackupVaultName=VAULT)
    # Advanced DynamoDB backup: AWS Backup keeps the recovery point and its tags.
    backup.update_region_settings(ResourceTypeManagementPreference={"DynamoDB": True})
    table_arn = dynamodb.create_table(
        TableName="ledger",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        Tags=[{"Key": "team", "Value": "finance"}],
    )["TableDescription"]["TableArn"]

    started = backup.start_backup_job(
        BackupVaultName=VAULT, ResourceArn=table_arn, IamRoleArn=ROLE, RecoveryPointTags={"k": "v"}
    )
    point_arn = started["RecoveryPointArn"]
    point = backup.describe_recovery_point(BackupVaultName=VAULT, RecoveryPointArn=point_arn)
    # The table ARN holds "/", which the server sees decoded in the path.
    by_resource = backup.list_recovery_points_by_resource(ResourceArn=table_arn)["RecoveryPoints"]
    restored = backup.start_restore_job(
        RecoveryPointArn=point_arn,
        Metadata={"targetTableName": "ledger-restored"},
        IamRoleArn=ROLE,
        CopySourceTagsToRestoredResource=True,
    )
    job = backup.describe_restore_job(RestoreJobId=restored["RestoreJobId"])

    assert point["ResourceType"] == "DynamoDB"
    assert [p["RecoveryPointArn"] for p in by_resource] == [point_arn]
    assert backup.list_tags(ResourceArn=point_arn)["Tags"] == {"team": "finance", "k": "v"}
    assert job["Status"] == "COMPLETED"
    created = job["CreatedResourceArn"]
    assert dynamodb.list_tags_of_resource(ResourceArn=created)["Tags"] == [
        {"Key": "team", "Value": "finance"}
    ]
    assert backup.list_restore_jobs()["RestoreJobs"][0]["RestoreJobId"] == job["RestoreJobId"]
    reset(emulator_endpoint)
    assert backup.list_backup_jobs()["BackupJobs"] == []
