"""Back up and restore tagged resources in a workload account, and carry the restore events
through EventBridge -> SQS to the packaged TagOnRestore handler, as the member stack wires it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError

from local.rehearsal.scenario import REGION, RestoreCase

RULE = "tag-on-restore"
QUEUE = "tag-on-restore-events"


@dataclass
class Workload:
    """The workload account: a session acting in it and the emulator endpoint."""

    session: boto3.Session
    endpoint: str
    account_id: str

    def client(self, service: str) -> Any:
        return self.session.client(service, endpoint_url=self.endpoint)


def create_source(workload: Workload, case: RestoreCase) -> str:
    """Create the tagged source resource; return its ARN."""
    tags = case.source_tags
    if case.resource_type == "DynamoDB":
        table = workload.client("dynamodb").create_table(
            TableName=case.name,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
        )
        return str(table["TableDescription"]["TableArn"])
    if case.resource_type == "EBS":
        volume = workload.client("ec2").create_volume(
            AvailabilityZone=f"{REGION}a",
            Size=8,
            TagSpecifications=[
                {
                    "ResourceType": "volume",
                    "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
                }
            ],
        )
        return f"arn:aws:ec2:{REGION}:{workload.account_id}:volume/{volume['VolumeId']}"
    if case.resource_type == "S3":
        bucket = f"{case.name}-{workload.account_id}"
        s3 = workload.client("s3")
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_tagging(
            Bucket=bucket, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]}
        )
        return f"arn:aws:s3:::{bucket}"
    raise ValueError(f"the rehearsal cannot create a {case.resource_type} resource")


def delete_source(workload: Workload, case: RestoreCase, arn: str) -> None:
    """Delete the source (the disaster-recovery case)."""
    if case.resource_type == "S3":
        workload.client("s3").delete_bucket(Bucket=arn.rsplit(":", 1)[-1])
    elif case.resource_type == "DynamoDB":
        workload.client("dynamodb").delete_table(TableName=case.name)
    else:
        workload.client("ec2").delete_volume(VolumeId=arn.rsplit("/", 1)[-1])


def restore_metadata(case: RestoreCase, account_id: str) -> dict[str, str]:
    """Restore metadata asking for a new resource with a recognisable name."""
    if case.resource_type == "DynamoDB":
        return {"targetTableName": f"{case.name}-restored"}
    if case.resource_type == "EBS":
        return {"availabilityZone": f"{REGION}a"}
    return {"DestinationBucketName": f"{case.name}-restored-{account_id}", "NewBucket": "true"}


def read_tags(workload: Workload, resource_type: str, arn: str) -> dict[str, str]:
    """The tags a restored resource carries now, read from its own service."""
    if resource_type == "DynamoDB":
        found = workload.client("dynamodb").list_tags_of_resource(ResourceArn=arn)["Tags"]
    elif resource_type == "EBS":
        volume_id = arn.rsplit("/", 1)[-1]
        filters = [{"Name": "resource-id", "Values": [volume_id]}]
        found = workload.client("ec2").describe_tags(Filters=filters)["Tags"]
    else:
        try:
            bucket = arn.rsplit(":", 1)[-1]
            found = workload.client("s3").get_bucket_tagging(Bucket=bucket)["TagSet"]
        except ClientError as error:
            if error.response["Error"]["Code"] != "NoSuchTagSet":
                raise
            found = []
    return {tag["Key"]: tag["Value"] for tag in found}


def route_restore_events(workload: Workload, pattern: dict[str, Any]) -> str:
    """The member stack's EventBridge rule, with an SQS queue standing in for the Lambda
    target (moto's EventBridge does not invoke Lambda); returns the queue URL."""
    sqs, events = workload.client("sqs"), workload.client("events")
    queue_url = sqs.create_queue(QueueName=QUEUE)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])
    events.put_rule(Name=RULE, EventPattern=json.dumps(pattern), State="ENABLED")
    target = {"Id": "TagOnRestore", "Arn": queue_arn["Attributes"]["QueueArn"]}
    events.put_targets(Rule=RULE, Targets=[target])
    return str(queue_url)


def receive_events(workload: Workload, queue_url: str, expected: int) -> list[dict[str, Any]]:
    """Drain the queue until ``expected`` events arrived or five seconds passed."""
    sqs, received = workload.client("sqs"), list[dict[str, Any]]()
    deadline = time.monotonic() + 5
    while len(received) < expected and time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
        for message in messages.get("Messages", []):
            received.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return received
