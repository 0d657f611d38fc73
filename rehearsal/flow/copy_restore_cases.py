"""The resources the central copy-and-restore rehearsal protects: how each is created with its
tags, deleted (the disaster), restored, and read back, in any account and Region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

__all__ = ["AccountSession", "SourceCase", "default_cases", "expected_tags"]

OBJECT_KEY = "exports/orders.csv"
OBJECT_BODY = b"id,total\n1,42\n"


@dataclass(frozen=True, slots=True)
class AccountSession:
    """A session acting in one account and Region, and the emulator endpoint."""

    session: Any
    endpoint: str
    account_id: str
    region: str

    def client(self, service: str) -> Any:
        return self.session.client(service, endpoint_url=self.endpoint)


@dataclass(frozen=True, slots=True)
class SourceCase:
    """A tagged resource: ``resource_type`` as AWS Backup spells it; deleted before the restore
    when ``disaster`` (its tags must then come from the backup). ``expected_source_tags``
    replaces ``tags`` as the source tags expected on the restored resource (tests use it)."""

    resource_type: str
    name: str
    tags: dict[str, str]
    disaster: bool
    expected_source_tags: dict[str, str] | None = None

    def create(self, workload: AccountSession) -> str:
        """Create the resource with its tags; its ARN."""
        tag_list = [{"Key": k, "Value": v} for k, v in self.tags.items()]
        if self.resource_type == "EBS":
            volume = workload.client("ec2").create_volume(
                AvailabilityZone=f"{workload.region}a",
                Size=8,
                TagSpecifications=[{"ResourceType": "volume", "Tags": tag_list}],
            )
            return (
                f"arn:aws:ec2:{workload.region}:{workload.account_id}:volume/{volume['VolumeId']}"
            )
        if self.resource_type == "DynamoDB":
            table = workload.client("dynamodb").create_table(
                TableName=self.name,
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
                Tags=tag_list,
            )
            return str(table["TableDescription"]["TableArn"])
        if self.resource_type == "S3":
            s3, bucket = workload.client("s3"), self.bucket(workload)
            location = (
                {} if workload.region == "us-east-1" else {"LocationConstraint": workload.region}
            )
            s3.create_bucket(
                Bucket=bucket, **({"CreateBucketConfiguration": location} if location else {})
            )
            s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tag_list})
            s3.put_object(Bucket=bucket, Key=OBJECT_KEY, Body=OBJECT_BODY)
            return f"arn:aws:s3:::{bucket}"
        raise ValueError(f"resource_type: the rehearsal cannot create {self.resource_type!r}")

    def bucket(self, workload: AccountSession, suffix: str = "") -> str:
        return f"{self.name}{suffix}-{workload.account_id}-{workload.region}"

    def delete(self, workload: AccountSession, arn: str) -> None:
        """Delete the resource, as a disaster would."""
        if self.resource_type == "EBS":
            workload.client("ec2").delete_volume(VolumeId=arn.rsplit("/", 1)[-1])
        elif self.resource_type == "DynamoDB":
            workload.client("dynamodb").delete_table(TableName=self.name)
        else:
            s3, bucket = workload.client("s3"), arn.rsplit(":", 1)[-1]
            s3.delete_object(Bucket=bucket, Key=OBJECT_KEY)
            s3.delete_bucket(Bucket=bucket)

    def restore_metadata(self, workload: AccountSession) -> dict[str, str]:
        """StartRestoreJob metadata for a new resource beside (or instead of) the source."""
        if self.resource_type == "EBS":
            return {"availabilityZone": f"{workload.region}a"}
        if self.resource_type == "DynamoDB":
            return {"targetTableName": f"{self.name}-restored"}
        return {"DestinationBucketName": self.bucket(workload, "-restored"), "NewBucket": "true"}

    def read_tags(self, workload: AccountSession, arn: str) -> dict[str, str]:
        """The tags the resource carries now, from its own service, ``aws:`` keys left out."""
        if self.resource_type == "EBS":
            filters = [{"Name": "resource-id", "Values": [arn.rsplit("/", 1)[-1]]}]
            found = workload.client("ec2").describe_tags(Filters=filters)["Tags"]
        elif self.resource_type == "DynamoDB":
            found = workload.client("dynamodb").list_tags_of_resource(ResourceArn=arn)["Tags"]
        else:
            try:
                found = workload.client("s3").get_bucket_tagging(Bucket=arn.rsplit(":", 1)[-1])[
                    "TagSet"
                ]
            except ClientError as error:
                if error.response["Error"]["Code"] != "NoSuchTagSet":
                    raise
                found = []
        return {t["Key"]: t["Value"] for t in found if not t["Key"].startswith("aws:")}


def default_cases(cluster: str) -> tuple[SourceCase, ...]:
    """An EBS volume of a Kubernetes cluster and an S3 bucket, both lost; a DynamoDB table kept."""
    return (
        SourceCase(
            "EBS",
            "orders-data",
            {
                "Name": "orders-data",
                "team": "payments",
                f"kubernetes.io/cluster/{cluster}": "owned",
            },
            disaster=True,
        ),
        SourceCase(
            "S3",
            "orders-exports",
            {"team": "payments", "DataClass": "internal"},
            disaster=True,
        ),
        SourceCase(
            "DynamoDB", "orders", {"team": "payments", "CostCenter": "4711"}, disaster=False
        ),
    )


def expected_tags(
    case: SourceCase, point_tags: dict[str, str], job: dict[str, Any], prefix: str | None
) -> dict[str, str]:
    """The restored resource's tags: its source's (from the backup when the source is gone),
    the recovery point's own (``point_tags``, which the copies keep; the source wins), and
    provenance tags naming the restore job, recovery point and source (docs/tag-on-restore.md)
    unless the deployed function has them off (``prefix`` None)."""
    provenance = (
        {
            f"{prefix}restore-job-id": job["RestoreJobId"],
            f"{prefix}recovery-point-arn": job["RecoveryPointArn"],
            f"{prefix}source-resource-arn": job["SourceResourceArn"],
        }
        if prefix is not None
        else {}
    )
    source = case.tags if case.expected_source_tags is None else case.expected_source_tags
    return {**point_tags, **source, **provenance}
