"""AWS Backup resource types from ARNs and RDS cluster engines."""

from __future__ import annotations

import pytest

from orgbackup.coverage.resource_types import RESOURCE_TYPES, cluster_type, type_of_arn


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ("arn:aws:ec2:us-east-1:111111111111:instance/i-0abc", "EC2"),
        ("arn:aws:ec2:us-east-1:111111111111:volume/vol-0abc", "EBS"),
        ("arn:aws:ec2:us-east-1:111111111111:snapshot/snap-0abc", None),
        ("arn:aws:rds:us-east-1:111111111111:db:ledger", "RDS"),
        ("arn:aws:rds:us-east-1:111111111111:cluster:ledger", "Aurora"),
        ("arn:aws:dynamodb:us-east-1:111111111111:table/orders", "DynamoDB"),
        ("arn:aws:dynamodb:us-east-1:111111111111:table/orders/stream/2024", None),
        ("arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-1", "EFS"),
        ("arn:aws:s3:::bucket", "S3"),
        ("arn:aws:s3:::bucket/key", None),
        ("arn:aws:fsx:us-east-1:111111111111:file-system/fs-1", "FSx"),
        ("arn:aws:redshift:us-east-1:111111111111:cluster:wh", "Redshift"),
        (
            "arn:aws:storagegateway:us-east-1:111111111111:gateway/sgw-1/volume/vol-1",
            "Storage Gateway",
        ),
        ("arn:aws:timestream:us-east-1:111111111111:database/db/table/t", "Timestream"),
        ("arn:aws:cloudformation:us-east-1:111111111111:stack/s/1", "CloudFormation"),
        ("arn:aws:sqs:us-east-1:111111111111:queue", None),
        ("not-an-arn", None),
    ],
)
def test_type_of_arn(arn: str, expected: str | None) -> None:
    assert type_of_arn(arn) == expected
    assert expected is None or expected in RESOURCE_TYPES


@pytest.mark.parametrize(
    ("engine", "expected"),
    [
        ("aurora-postgresql", "Aurora"),
        ("aurora-mysql", "Aurora"),
        ("docdb", "DocumentDB"),
        ("neptune", "Neptune"),
        ("postgres", "RDS"),
    ],
)
def test_cluster_type(engine: str, expected: str) -> None:
    assert cluster_type(engine) == expected
