"""Resources read from the emulator (``aws`` fixture): the tagging API and the list calls
together, RDS-namespace clusters typed by engine, cluster members left to their cluster."""

from __future__ import annotations

from typing import Any

import boto3

from orgbackup.coverage.aws_resources import bucket_resources, region_resources

REGION = "us-east-1"


def _client(service: str) -> Any:
    return boto3.client(service, region_name=REGION)


def test_types_tags_and_untagged_resources(aws: None) -> None:
    account = _client("sts").get_caller_identity()["Account"]
    rds = _client("rds")
    for name, engine in (("ledger", "aurora-mysql"), ("graph", "neptune"), ("maz", "postgres")):
        rds.create_db_cluster(
            DBClusterIdentifier=name, Engine=engine, MasterUsername="admin",
            MasterUserPassword="password-123", Tags=[{"Key": "backup", "Value": "daily"}],
        )  # fmt: skip
    rds.create_db_instance(
        DBInstanceIdentifier="ledger-1", DBInstanceClass="db.r5.large", Engine="aurora-mysql",
        DBClusterIdentifier="ledger",
    )  # fmt: skip
    rds.create_db_instance(
        DBInstanceIdentifier="solo", DBInstanceClass="db.t3.micro", Engine="postgres",
        MasterUsername="admin", MasterUserPassword="password-123", AllocatedStorage=20,
    )  # fmt: skip
    _client("efs").create_file_system(CreationToken="fs", Tags=[{"Key": "team", "Value": "a"}])
    _client("ec2").create_volume(AvailabilityZone=f"{REGION}a", Size=1)

    found = region_resources(_client, account, REGION)

    types = sorted((r.resource_type, r.arn.rsplit(":", 1)[-1].rsplit("/", 1)[0]) for r in found)
    assert types == [
        ("Aurora", "ledger"),
        ("EBS", "volume"),
        ("EFS", "file-system"),
        ("Neptune", "graph"),
        ("RDS", "maz"),
        ("RDS", "solo"),
    ]
    ledger = next(r for r in found if r.arn.endswith(":cluster:ledger"))
    assert dict(ledger.tags) == {"backup": "daily"}


def test_buckets_by_region(aws: None) -> None:
    s3 = _client("s3")
    s3.create_bucket(Bucket="in-virginia")
    s3.create_bucket(
        Bucket="in-ireland", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    s3.put_bucket_tagging(Bucket="in-ireland", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})

    found = bucket_resources(s3, {"us-east-1", "eu-west-1"})

    assert {region: [(r.arn, dict(r.tags)) for r in rs] for region, rs in found.items()} == {
        "us-east-1": [("arn:aws:s3:::in-virginia", {})],
        "eu-west-1": [("arn:aws:s3:::in-ireland", {"k": "v"})],
    }
