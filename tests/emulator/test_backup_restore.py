"""Back up and restore every supported resource type through boto3, checking the owning service.

Each ``Case`` creates a tagged source with its service's own client, names the restore target
through AWS's metadata keys and reads the restored resource's tags back with that client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from rehearsal.emulator.backup.resources import KINDS

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/backup-operator"
VAULT = "restore-vault"
SOURCE_TAGS = {"team": "payments", "data-class": "confidential"}
POINT_TAGS = {"retention": "daily"}


def _tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def _tag_dict(tags: list[dict[str, str]] | None) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in tags or []}


def _last(arn: str, separator: str = "/") -> str:
    return arn.rsplit(separator, 1)[-1]


# EBS -------------------------------------------------------------------------------------
def create_volume() -> str:
    volume = boto3.client("ec2").create_volume(
        Size=16,
        AvailabilityZone=f"{REGION}a",
        TagSpecifications=[{"ResourceType": "volume", "Tags": _tag_list(SOURCE_TAGS)}],
    )
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{volume['VolumeId']}"


def volume_tags(arn: str) -> dict[str, str]:
    volume = boto3.client("ec2").describe_volumes(VolumeIds=[_last(arn)])["Volumes"][0]
    return _tag_dict(volume.get("Tags"))


def delete_volume(arn: str) -> None:
    boto3.client("ec2").delete_volume(VolumeId=_last(arn))


# EC2 -------------------------------------------------------------------------------------
def create_instance() -> str:
    reservation = boto3.client("ec2").run_instances(
        ImageId="ami-12345678",
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.micro",
        TagSpecifications=[{"ResourceType": "instance", "Tags": _tag_list(SOURCE_TAGS)}],
    )
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{reservation['Instances'][0]['InstanceId']}"


def instance_tags(arn: str) -> dict[str, str]:
    found = boto3.client("ec2").describe_instances(InstanceIds=[_last(arn)])
    instance = found["Reservations"][0]["Instances"][0]
    assert instance["InstanceType"] == "t3.micro"
    return _tag_dict(instance.get("Tags"))


def terminate_instance(arn: str) -> None:
    boto3.client("ec2").terminate_instances(InstanceIds=[_last(arn)])


# RDS, Aurora, Neptune --------------------------------------------------------------------
def create_db_instance() -> str:
    db = boto3.client("rds").create_db_instance(
        DBInstanceIdentifier="orders-db",
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="not-a-secret-1",
        Tags=_tag_list(SOURCE_TAGS),
    )
    return str(db["DBInstance"]["DBInstanceArn"])


def db_instance_tags(arn: str) -> dict[str, str]:
    rds = boto3.client("rds")
    db = rds.describe_db_instances(DBInstanceIdentifier=_last(arn, ":"))["DBInstances"][0]
    assert (db["Engine"], db["DBInstanceClass"]) == ("postgres", "db.t3.micro")
    return _tag_dict(rds.list_tags_for_resource(ResourceName=arn)["TagList"])


def delete_db_instance(arn: str) -> None:
    boto3.client("rds").delete_db_instance(
        DBInstanceIdentifier=_last(arn, ":"), SkipFinalSnapshot=True
    )


def cluster_factory(engine: str, name: str) -> Callable[[], str]:
    def create_cluster() -> str:
        extra = {} if engine == "neptune" else {"MasterUsername": "admin"}
        cluster = boto3.client("rds").create_db_cluster(
            DBClusterIdentifier=name,
            Engine=engine,
            MasterUserPassword="not-a-secret-1",
            Tags=_tag_list(SOURCE_TAGS),
            **extra,
        )
        return str(cluster["DBCluster"]["DBClusterArn"])

    return create_cluster


def cluster_tags(arn: str) -> dict[str, str]:
    rds = boto3.client("rds")
    rds.describe_db_clusters(DBClusterIdentifier=_last(arn, ":"))
    return _tag_dict(rds.list_tags_for_resource(ResourceName=arn)["TagList"])


def delete_cluster(arn: str) -> None:
    boto3.client("rds").delete_db_cluster(
        DBClusterIdentifier=_last(arn, ":"), SkipFinalSnapshot=True
    )


# DynamoDB --------------------------------------------------------------------------------
def create_table() -> str:
    dynamodb = boto3.client("dynamodb")
    table = dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        Tags=_tag_list(SOURCE_TAGS),
    )
    dynamodb.put_item(TableName="orders", Item={"pk": {"S": "order-1"}, "total": {"N": "42"}})
    return str(table["TableDescription"]["TableArn"])


def table_tags(arn: str) -> dict[str, str]:
    dynamodb = boto3.client("dynamodb")
    name = _last(arn)
    key = dynamodb.describe_table(TableName=name)["Table"]["KeySchema"]
    assert key == [{"AttributeName": "pk", "KeyType": "HASH"}]
    item = dynamodb.get_item(TableName=name, Key={"pk": {"S": "order-1"}})["Item"]
    assert item["total"] == {"N": "42"}, "the restored table holds the backed-up items"
    return _tag_dict(dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"])


def delete_table(arn: str) -> None:
    boto3.client("dynamodb").delete_table(TableName=_last(arn))


# S3 --------------------------------------------------------------------------------------
def create_bucket() -> str:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="orders-archive")
    s3.put_bucket_tagging(Bucket="orders-archive", Tagging={"TagSet": _tag_list(SOURCE_TAGS)})
    s3.put_object(Bucket="orders-archive", Key="2024/orders.csv", Body=b"id,total\n1,42\n")
    return "arn:aws:s3:::orders-archive"


def bucket_tags(arn: str) -> dict[str, str]:
    s3 = boto3.client("s3")
    bucket = _last(arn, ":")
    body = s3.get_object(Bucket=bucket, Key="2024/orders.csv")["Body"].read()
    assert body == b"id,total\n1,42\n", "the restored bucket holds the backed-up objects"
    try:
        tag_set = s3.get_bucket_tagging(Bucket=bucket)["TagSet"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchTagSet":
            raise
        tag_set = []
    return _tag_dict(tag_set)


def delete_bucket(arn: str) -> None:
    s3 = boto3.client("s3")
    s3.delete_object(Bucket=_last(arn, ":"), Key="2024/orders.csv")
    s3.delete_bucket(Bucket=_last(arn, ":"))


# EFS and FSx -----------------------------------------------------------------------------
def create_efs() -> str:
    created = boto3.client("efs").create_file_system(
        CreationToken="orders-fs", Tags=_tag_list(SOURCE_TAGS)
    )
    return str(created["FileSystemArn"])


def efs_tags(arn: str) -> dict[str, str]:
    efs = boto3.client("efs")
    efs.describe_file_systems(FileSystemId=_last(arn))
    return _tag_dict(efs.list_tags_for_resource(ResourceId=_last(arn))["Tags"])


def delete_efs(arn: str) -> None:
    boto3.client("efs").delete_file_system(FileSystemId=_last(arn))


def create_fsx() -> str:
    created = boto3.client("fsx").create_file_system(
        FileSystemType="LUSTRE",
        StorageCapacity=1200,
        SubnetIds=["subnet-0123456789abcdef0"],
        Tags=_tag_list(SOURCE_TAGS),
    )
    return str(created["FileSystem"]["ResourceARN"])


def fsx_tags(arn: str) -> dict[str, str]:
    fsx = boto3.client("fsx")
    system = fsx.describe_file_systems(FileSystemIds=[_last(arn)])["FileSystems"][0]
    assert (system["FileSystemType"], system["StorageCapacity"]) == ("LUSTRE", 1200)
    return _tag_dict(fsx.list_tags_for_resource(ResourceARN=arn)["Tags"])


def delete_fsx(arn: str) -> None:
    boto3.client("fsx").delete_file_system(FileSystemId=_last(arn))


@dataclass(frozen=True)
class Case:
    """One supported resource type: how to make, read, delete it and how to name a restore."""

    resource_type: str
    create: Callable[[], str]
    read_tags: Callable[[str], dict[str, str]]
    delete: Callable[[str], None]
    metadata: dict[str, str] = field(default_factory=dict)
    created_suffix: str | None = None


CASES = [
    Case("EBS", create_volume, volume_tags, delete_volume, {"availabilityZone": f"{REGION}b"}),
    Case("EC2", create_instance, instance_tags, terminate_instance),
    Case(
        "RDS",
        create_db_instance,
        db_instance_tags,
        delete_db_instance,
        {"DBInstanceIdentifier": "orders-db-restored"},
        ":db:orders-db-restored",
    ),
    Case(
        "Aurora",
        cluster_factory("aurora-postgresql", "orders-cluster"),
        cluster_tags,
        delete_cluster,
        {"DBClusterIdentifier": "orders-cluster-restored"},
        ":cluster:orders-cluster-restored",
    ),
    Case(
        "Neptune",
        cluster_factory("neptune", "graph-cluster"),
        cluster_tags,
        delete_cluster,
        {"DBClusterIdentifier": "graph-cluster-restored"},
        ":cluster:graph-cluster-restored",
    ),
    Case(
        "DynamoDB",
        create_table,
        table_tags,
        delete_table,
        {"targetTableName": "orders-restored"},
        ":table/orders-restored",
    ),
    Case(
        "S3",
        create_bucket,
        bucket_tags,
        delete_bucket,
        {"DestinationBucketName": "orders-archive-restored", "NewBucket": "true"},
        ":::orders-archive-restored",
    ),
    Case("EFS", create_efs, efs_tags, delete_efs, {"newFileSystem": "true"}),
    Case("FSx", create_fsx, fsx_tags, delete_fsx),
]
by_type = pytest.mark.parametrize("case", CASES, ids=[case.resource_type for case in CASES])


def back_up(source_arn: str) -> str:
    """Back ``source_arn`` up into the test vault and return the recovery point ARN."""
    backup = boto3.client("backup")
    if not backup.list_backup_vaults()["BackupVaultList"]:
        backup.create_backup_vault(BackupVaultName=VAULT)
    started = backup.start_backup_job(
        BackupVaultName=VAULT,
        ResourceArn=source_arn,
        IamRoleArn=ROLE,
        RecoveryPointTags=POINT_TAGS,
    )
    return str(started["RecoveryPointArn"])


def restore(point_arn: str, metadata: dict[str, str], copy_tags: bool = False) -> dict[str, Any]:
    """Start a restore and return DescribeRestoreJob's answer for it."""
    backup = boto3.client("backup")
    job_id = backup.start_restore_job(
        RecoveryPointArn=point_arn,
        Metadata=metadata,
        IamRoleArn=ROLE,
        CopySourceTagsToRestoredResource=copy_tags,
    )["RestoreJobId"]
    described: dict[str, Any] = backup.describe_restore_job(RestoreJobId=job_id)
    return described


def test_every_required_type_has_a_row() -> None:
    required = {"EC2", "EBS", "RDS", "Aurora", "DynamoDB", "EFS", "S3", "FSx", "Neptune"}
    produced = {resource_type for kind in KINDS.values() for resource_type in kind.resource_types}

    assert required <= produced
    assert required == {case.resource_type for case in CASES}, "each type is exercised below"
    assert all(key == (kind.service, kind.kind) for key, kind in KINDS.items())


@by_type
def test_backup_records_type_tags_and_restore_metadata(aws: None, case: Case) -> None:
    source_arn = case.create()
    point_arn = back_up(source_arn)
    backup = boto3.client("backup")

    point = backup.describe_recovery_point(BackupVaultName=VAULT, RecoveryPointArn=point_arn)
    assert (point["ResourceArn"], point["ResourceType"]) == (source_arn, case.resource_type)
    assert point["Status"] == "COMPLETED"
    # Where the recovery point's tags live, per type: test_backup_recovery_points.py.
    metadata = backup.get_recovery_point_restore_metadata(
        BackupVaultName=VAULT, RecoveryPointArn=point_arn
    )
    assert metadata["ResourceType"] == case.resource_type


@by_type
def test_restore_creates_resource_without_source_tags(aws: None, case: Case) -> None:
    source_arn = case.create()
    point_arn = back_up(source_arn)

    job = restore(point_arn, case.metadata)

    assert job["Status"] == "COMPLETED", job.get("StatusMessage")
    created = job["CreatedResourceArn"]
    assert created != source_arn
    assert created.split(":")[2] == source_arn.split(":")[2], "same service as the source"
    if case.created_suffix:
        assert created.endswith(case.created_suffix)
    assert case.read_tags(created) == {}
    assert case.read_tags(source_arn) == SOURCE_TAGS, "the source is left alone"


@by_type
def test_restore_copies_backed_up_tags_when_asked(aws: None, case: Case) -> None:
    point_arn = back_up(case.create())

    job = restore(point_arn, case.metadata, copy_tags=True)

    assert job["Status"] == "COMPLETED", job.get("StatusMessage")
    assert case.read_tags(job["CreatedResourceArn"]) == SOURCE_TAGS


@by_type
def test_restore_works_after_the_source_is_deleted(aws: None, case: Case) -> None:
    source_arn = case.create()
    point_arn = back_up(source_arn)
    case.delete(source_arn)

    job = restore(point_arn, case.metadata, copy_tags=True)

    assert job["Status"] == "COMPLETED", job.get("StatusMessage")
    assert job["SourceResourceArn"] == source_arn
    assert case.read_tags(job["CreatedResourceArn"]) == SOURCE_TAGS


def test_restore_job_reports_every_field(aws: None) -> None:
    source_arn = create_table()
    point_arn = back_up(source_arn)
    backup = boto3.client("backup")
    point = backup.describe_recovery_point(BackupVaultName=VAULT, RecoveryPointArn=point_arn)

    job = restore(point_arn, {"targetTableName": "orders-copy"})

    assert job["RestoreJobId"]
    assert job["AccountId"] == ACCOUNT
    assert job["SourceResourceArn"] == source_arn
    assert job["BackupVaultArn"] == point["BackupVaultArn"]
    assert job["RecoveryPointArn"] == point_arn
    assert job["CreatedResourceArn"] == f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders-copy"
    assert job["ResourceType"] == "DynamoDB"
    assert job["IamRoleArn"] == ROLE
    assert job["Status"] == "COMPLETED"
    assert job["PercentDone"] == "100.00"
    assert job["BackupSizeInBytes"] == point["BackupSizeInBytes"] > 0
    assert job["CreationDate"] <= job["CompletionDate"]
    assert job["RecoveryPointCreationDate"] == point["CreationDate"]
    listed = backup.list_restore_jobs()["RestoreJobs"]
    assert [entry["RestoreJobId"] for entry in listed] == [job["RestoreJobId"]]
    assert {key: listed[0][key] for key in job if key in listed[0]} == {
        key: job[key] for key in listed[0] if key in job
    }
    again = backup.describe_recovery_point(BackupVaultName=VAULT, RecoveryPointArn=point_arn)
    assert again["LastRestoreTime"] == job["CompletionDate"]


def test_tags_are_the_ones_present_at_backup_time(aws: None) -> None:
    source_arn = create_table()
    point_arn = back_up(source_arn)
    dynamodb = boto3.client("dynamodb")
    dynamodb.tag_resource(ResourceArn=source_arn, Tags=[{"Key": "added-later", "Value": "x"}])

    job = restore(point_arn, {"targetTableName": "orders-restored"}, copy_tags=True)

    assert table_tags(job["CreatedResourceArn"]) == SOURCE_TAGS


def test_generated_name_when_metadata_names_nothing(aws: None) -> None:
    point_arn = back_up(create_table())

    job = restore(point_arn, {})

    name = _last(job["CreatedResourceArn"])
    assert name.startswith("orders-restored-")
    assert name.endswith(job["RestoreJobId"][:8])


def test_target_service_refusal_fails_the_job(aws: None) -> None:
    point_arn = back_up(create_table())

    job = restore(point_arn, {"targetTableName": "orders"})

    assert job["Status"] == "FAILED"
    assert "orders" in job["StatusMessage"]
    assert "CreatedResourceArn" not in job


def test_bad_metadata_is_refused_up_front(aws: None) -> None:
    point_arn = back_up(create_volume())

    with pytest.raises(ClientError) as refused:
        restore(point_arn, {"volumeSize": "large"})

    assert refused.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert boto3.client("backup").list_restore_jobs()["RestoreJobs"] == []


def test_resource_type_must_match_the_recovery_point(aws: None) -> None:
    point_arn = back_up(create_volume())

    with pytest.raises(ClientError) as refused:
        boto3.client("backup").start_restore_job(
            RecoveryPointArn=point_arn, Metadata={}, IamRoleArn=ROLE, ResourceType="DynamoDB"
        )

    assert refused.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_restore_into_existing_bucket_merges_copied_tags(aws: None) -> None:
    point_arn = back_up(create_bucket())
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="landing-zone")
    s3.put_bucket_tagging(Bucket="landing-zone", Tagging={"TagSet": _tag_list({"owner": "ops"})})

    job = restore(point_arn, {"DestinationBucketName": "landing-zone"}, copy_tags=True)

    assert job["CreatedResourceArn"] == "arn:aws:s3:::landing-zone"
    assert bucket_tags(job["CreatedResourceArn"]) == {"owner": "ops"} | SOURCE_TAGS


def test_restore_jobs_list_filters_and_pages(aws: None) -> None:
    point_arn = back_up(create_table())
    backup = boto3.client("backup")
    first = restore(point_arn, {"targetTableName": "copy-1"})
    failed = restore(point_arn, {"targetTableName": "orders"})
    last = restore(point_arn, {"targetTableName": "copy-2"})

    pages = backup.get_paginator("list_restore_jobs").paginate(PaginationConfig={"PageSize": 1})
    listed = [job["RestoreJobId"] for page in pages for job in page["RestoreJobs"]]
    completed = backup.list_restore_jobs(ByStatus="COMPLETED")["RestoreJobs"]
    future = backup.list_restore_jobs(ByCreatedAfter=last["CompletionDate"] + timedelta(days=1))
    past = backup.list_restore_jobs(ByCreatedAfter=first["CreationDate"] - timedelta(days=1))

    newest_first = [last["RestoreJobId"], failed["RestoreJobId"], first["RestoreJobId"]]
    assert listed == newest_first
    assert [job["RestoreJobId"] for job in completed] == [newest_first[0], newest_first[2]]
    assert backup.list_restore_jobs(ByResourceType="EBS")["RestoreJobs"] == []
    assert future["RestoreJobs"] == []
    assert [job["RestoreJobId"] for job in past["RestoreJobs"]] == newest_first


def test_requested_point_tags_win_over_copied_resource_tags(aws: None) -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="tagged-source")
    tag_set = [{"Key": "retention", "Value": "weekly"}, {"Key": "team", "Value": "payments"}]
    s3.put_bucket_tagging(Bucket="tagged-source", Tagging={"TagSet": tag_set})
    point_arn = back_up("arn:aws:s3:::tagged-source")
    tags = boto3.client("backup").list_tags(ResourceArn=point_arn)["Tags"]
    assert tags == {"team": "payments", **POINT_TAGS}
