"""The restore flow as AWS runs it: back up, restore, EventBridge delivers, the handler tags.

The rule uses ``functions/tag_on_restore/event_pattern.json`` (the template's pattern) and
an SQS target, so only events the pattern matches ever reach the handler.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import boto3

from rehearsal.cfn.context import FakeLambdaContext
from tag_on_restore import app
from tests.integration.tag_on_restore.resources import ACCOUNT, REGION

ROLE = f"arn:aws:iam::{ACCOUNT}:role/backup-operator"
VAULT = "tag-on-restore-vault"
PATTERN = Path(app.__file__).with_name("event_pattern.json").read_text()
PREFIX = "backup:restore:"


def subscribe(name: str = "tag-on-restore") -> str:
    """A rule with the function's pattern delivering to a new queue; the queue URL."""
    sqs = boto3.client("sqs")
    url = str(sqs.create_queue(QueueName=name)["QueueUrl"])
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    events = boto3.client("events")
    events.put_rule(Name=name, EventPattern=PATTERN)
    events.put_targets(
        Rule=name, Targets=[{"Id": "queue", "Arn": queue_arn["Attributes"]["QueueArn"]}]
    )
    return url


def delivered(url: str) -> list[dict[str, Any]]:
    """The events waiting in the queue (removed from it)."""
    sqs = boto3.client("sqs")
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    for message in messages:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return [json.loads(message["Body"]) for message in messages]


def back_up(source_arn: str, point_tags: Mapping[str, str]) -> str:
    """Back ``source_arn`` up with ``point_tags`` on the recovery point; its ARN."""
    backup = boto3.client("backup")
    if not backup.list_backup_vaults()["BackupVaultList"]:
        backup.create_backup_vault(BackupVaultName=VAULT)
        # As member-account.yaml deploys it (FullyManagedResourceTypes): advanced DynamoDB
        # backup, so a table's recovery point is AWS Backup's own and carries tags.
        backup.update_region_settings(ResourceTypeManagementPreference={"DynamoDB": True})
    started = backup.start_backup_job(
        BackupVaultName=VAULT,
        ResourceArn=source_arn,
        IamRoleArn=ROLE,
        RecoveryPointTags=dict(point_tags),
    )
    return str(started["RecoveryPointArn"])


def restore(point_arn: str, metadata: Mapping[str, str], copy_tags: bool = False) -> dict[str, Any]:
    """Start a restore; DescribeRestoreJob's answer for it."""
    backup = boto3.client("backup")
    job_id = backup.start_restore_job(
        RecoveryPointArn=point_arn,
        Metadata=dict(metadata),
        IamRoleArn=ROLE,
        CopySourceTagsToRestoredResource=copy_tags,
    )["RestoreJobId"]
    job: dict[str, Any] = backup.describe_restore_job(RestoreJobId=job_id)
    assert job["Status"] == "COMPLETED", job.get("StatusMessage")
    return job


def invoke(event: Mapping[str, Any], timeout_s: float = 60.0) -> dict[str, Any]:
    """Call the handler as Lambda would, with a fresh context."""
    context = FakeLambdaContext(
        function_name="tag-on-restore",
        invoked_function_arn=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:tag-on-restore",
        timeout_s=timeout_s,
    )
    response: dict[str, Any] = app.handler(dict(event), context)
    return response


def provenance(job: Mapping[str, Any], prefix: str = PREFIX) -> dict[str, str]:
    """The provenance tags the function adds for ``job`` by default."""
    return {
        f"{prefix}restore-job-id": job["RestoreJobId"],
        f"{prefix}recovery-point-arn": job["RecoveryPointArn"],
        f"{prefix}source-resource-arn": job["SourceResourceArn"],
    }


def metrics_in(output: str) -> dict[str, float]:
    """The EMF metrics (name -> summed value) in captured stdout."""
    found: dict[str, float] = {}
    for line in output.splitlines():
        if not line.startswith('{"_aws"'):
            continue
        record = json.loads(line)
        for directive in record["_aws"]["CloudWatchMetrics"]:
            for metric in directive["Metrics"]:
                name = metric["Name"]
                found[name] = found.get(name, 0.0) + sum(record[name])
    return found
