"""Tagged resources of every type the emulator restores: make one, read its tags, delete it.

Each ``Kind`` uses its service's own boto3 client, so the tests read tags the way an
operator would, not through the adapters under test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import boto3
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def tag_dict(tags: list[dict[str, str]] | None) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in tags or []}


def last(arn: str, separator: str = "/") -> str:
    return arn.rsplit(separator, 1)[-1]


# EC2 and EBS ------------------------------------------------------------------------------
def create_volume(name: str, tags: Mapping[str, str]) -> str:
    volume = boto3.client("ec2").create_volume(
        Size=16,
        AvailabilityZone=f"{REGION}a",
        TagSpecifications=[{"ResourceType": "volume", "Tags": tag_list({"Name": name, **tags})}],
    )
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{volume['VolumeId']}"


def volume_tags(arn: str) -> dict[str, str]:
    volume = boto3.client("ec2").describe_volumes(VolumeIds=[last(arn)])["Volumes"][0]
    return tag_dict(volume.get("Tags"))


def delete_volume(arn: str) -> None:
    boto3.client("ec2").delete_volume(VolumeId=last(arn))


def create_instance(name: str, tags: Mapping[str, str]) -> str:
    reservation = boto3.client("ec2").run_instances(
        ImageId="ami-12345678",
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.micro",
        TagSpecifications=[{"ResourceType": "instance", "Tags": tag_list({"Name": name, **tags})}],
    )
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{reservation['Instances'][0]['InstanceId']}"


def instance_tags(arn: str) -> dict[str, str]:
    found = boto3.client("ec2").describe_instances(InstanceIds=[last(arn)])
    return tag_dict(found["Reservations"][0]["Instances"][0].get("Tags"))


def instance_volume_tags(arn: str) -> list[dict[str, str]]:
    """The tags of each volume attached to the instance ``arn``."""
    found = boto3.client("ec2").describe_instances(InstanceIds=[last(arn)])
    mappings = found["Reservations"][0]["Instances"][0]["BlockDeviceMappings"]
    ids = [mapping["Ebs"]["VolumeId"] for mapping in mappings]
    volumes = boto3.client("ec2").describe_volumes(VolumeIds=ids)["Volumes"] if ids else []
    return [tag_dict(volume.get("Tags")) for volume in volumes]


def terminate_instance(arn: str) -> None:
    boto3.client("ec2").terminate_instances(InstanceIds=[last(arn)])


# RDS, Aurora, Neptune ---------------------------------------------------------------------
def create_db_instance(name: str, tags: Mapping[str, str]) -> str:
    db = boto3.client("rds").create_db_instance(
        DBInstanceIdentifier=name,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="not-a-secret-1",
        Tags=tag_list(tags),
    )
    return str(db["DBInstance"]["DBInstanceArn"])


def rds_tags(arn: str) -> dict[str, str]:
    return tag_dict(boto3.client("rds").list_tags_for_resource(ResourceName=arn)["TagList"])


def delete_db_instance(arn: str) -> None:
    boto3.client("rds").delete_db_instance(
        DBInstanceIdentifier=last(arn, ":"), SkipFinalSnapshot=True
    )


def cluster_factory(engine: str) -> Callable[[str, Mapping[str, str]], str]:
    def create_cluster(name: str, tags: Mapping[str, str]) -> str:
        extra = {} if engine == "neptune" else {"MasterUsername": "admin"}
        cluster = boto3.client("rds").create_db_cluster(
            DBClusterIdentifier=name,
            Engine=engine,
            MasterUserPassword="not-a-secret-1",
            Tags=tag_list(tags),
            **extra,
        )
        return str(cluster["DBCluster"]["DBClusterArn"])

    return create_cluster


def delete_cluster(arn: str) -> None:
    boto3.client("rds").delete_db_cluster(
        DBClusterIdentifier=last(arn, ":"), SkipFinalSnapshot=True
    )


# DynamoDB ---------------------------------------------------------------------------------
def create_table(name: str, tags: Mapping[str, str]) -> str:
    table = boto3.client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        **({"Tags": tag_list(tags)} if tags else {}),
    )
    return str(table["TableDescription"]["TableArn"])


def table_tags(arn: str) -> dict[str, str]:
    pages = (
        boto3.client("dynamodb").get_paginator("list_tags_of_resource").paginate(ResourceArn=arn)
    )
    return {key: value for page in pages for key, value in tag_dict(page["Tags"]).items()}


def delete_table(arn: str) -> None:
    boto3.client("dynamodb").delete_table(TableName=last(arn))


# S3 ---------------------------------------------------------------------------------------
def create_bucket(name: str, tags: Mapping[str, str]) -> str:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tag_list(tags)})
    return f"arn:aws:s3:::{name}"


def bucket_tags(arn: str) -> dict[str, str]:
    try:
        tag_set = boto3.client("s3").get_bucket_tagging(Bucket=last(arn, ":"))["TagSet"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchTagSet":
            raise
        tag_set = []
    return tag_dict(tag_set)


def delete_bucket(arn: str) -> None:
    boto3.client("s3").delete_bucket(Bucket=last(arn, ":"))


# EFS and FSx ------------------------------------------------------------------------------
def create_efs(name: str, tags: Mapping[str, str]) -> str:
    created = boto3.client("efs").create_file_system(CreationToken=name, Tags=tag_list(tags))
    return str(created["FileSystemArn"])


def efs_tags(arn: str) -> dict[str, str]:
    return tag_dict(boto3.client("efs").list_tags_for_resource(ResourceId=last(arn))["Tags"])


def delete_efs(arn: str) -> None:
    boto3.client("efs").delete_file_system(FileSystemId=last(arn))


def create_fsx(name: str, tags: Mapping[str, str]) -> str:
    created = boto3.client("fsx").create_file_system(
        FileSystemType="LUSTRE",
        StorageCapacity=1200,
        SubnetIds=["subnet-0123456789abcdef0"],
        Tags=tag_list({"Name": name, **tags}),
    )
    return str(created["FileSystem"]["ResourceARN"])


def fsx_tags(arn: str) -> dict[str, str]:
    return tag_dict(boto3.client("fsx").list_tags_for_resource(ResourceARN=arn)["Tags"])


def delete_fsx(arn: str) -> None:
    boto3.client("fsx").delete_file_system(FileSystemId=last(arn))


@dataclass(frozen=True)
class Kind:
    """One resource type: make a tagged source, read tags, delete; restore metadata."""

    resource_type: str
    create: Callable[[str, Mapping[str, str]], str]
    read_tags: Callable[[str], dict[str, str]]
    delete: Callable[[str], None]
    metadata: Callable[[str], dict[str, str]] = field(default=lambda name: {})
    name_tag: bool = False  # create() adds a Name tag (EC2, EBS, FSx)


KINDS = {
    "EC2": Kind("EC2", create_instance, instance_tags, terminate_instance, name_tag=True),
    "EBS": Kind(
        "EBS",
        create_volume,
        volume_tags,
        delete_volume,
        lambda name: {"availabilityZone": f"{REGION}b"},
        name_tag=True,
    ),
    "RDS": Kind(
        "RDS",
        create_db_instance,
        rds_tags,
        delete_db_instance,
        lambda name: {"DBInstanceIdentifier": f"{name}-restored"},
    ),
    "Aurora": Kind(
        "Aurora",
        cluster_factory("aurora-postgresql"),
        rds_tags,
        delete_cluster,
        lambda name: {"DBClusterIdentifier": f"{name}-restored"},
    ),
    "Neptune": Kind(
        "Neptune",
        cluster_factory("neptune"),
        rds_tags,
        delete_cluster,
        lambda name: {"DBClusterIdentifier": f"{name}-restored"},
    ),
    "DynamoDB": Kind(
        "DynamoDB",
        create_table,
        table_tags,
        delete_table,
        lambda name: {"targetTableName": f"{name}-restored"},
    ),
    "S3": Kind(
        "S3",
        create_bucket,
        bucket_tags,
        delete_bucket,
        lambda name: {"DestinationBucketName": f"{name}-restored", "NewBucket": "true"},
    ),
    "EFS": Kind("EFS", create_efs, efs_tags, delete_efs, lambda name: {"newFileSystem": "true"}),
    "FSx": Kind("FSx", create_fsx, fsx_tags, delete_fsx, name_tag=True),
}
