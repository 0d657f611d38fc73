"""Backup and restore jobs put AWS Backup's state-change events on the default EventBridge bus.

A rule with an SQS target receives them, as TagOnRestore's rule will in AWS.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from rehearsal.emulator.backup import RESTORE_JOB_STATE_CHANGE

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/backup-operator"
VAULT = "events-vault"
RESTORE_COMPLETED = {
    "source": ["aws.backup"],
    "detail-type": ["Restore Job State Change"],
    "detail": {"status": ["COMPLETED"]},
}
BACKUP_EVENTS = {"source": ["aws.backup"], "detail-type": ["Backup Job State Change"]}


def queue_for_rule(name: str, pattern: dict[str, Any]) -> str:
    """A queue that receives what the rule ``name`` with ``pattern`` matches; its URL."""
    sqs = boto3.client("sqs")
    url = str(sqs.create_queue(QueueName=name)["QueueUrl"])
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    events = boto3.client("events")
    events.put_rule(Name=name, EventPattern=json.dumps(pattern))
    events.put_targets(
        Rule=name, Targets=[{"Id": "queue", "Arn": queue_arn["Attributes"]["QueueArn"]}]
    )
    return url


def received(url: str) -> list[dict[str, Any]]:
    messages = boto3.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    return [json.loads(message["Body"]) for message in messages.get("Messages", [])]


def backed_up_table() -> tuple[str, str]:
    """A tagged table and its recovery point ARN."""
    table_arn = boto3.client("dynamodb").create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )["TableDescription"]["TableArn"]
    backup = boto3.client("backup")
    backup.create_backup_vault(BackupVaultName=VAULT)
    point = backup.start_backup_job(BackupVaultName=VAULT, ResourceArn=table_arn, IamRoleArn=ROLE)
    return str(table_arn), str(point["RecoveryPointArn"])


def test_completed_restore_reaches_an_sqs_target(aws: None) -> None:
    url = queue_for_rule("restore-completed", RESTORE_COMPLETED)
    table_arn, point_arn = backed_up_table()
    backup = boto3.client("backup")

    job_id = backup.start_restore_job(
        RecoveryPointArn=point_arn, Metadata={"targetTableName": "orders-restored"}, IamRoleArn=ROLE
    )["RestoreJobId"]
    job = backup.describe_restore_job(RestoreJobId=job_id)

    [event] = received(url)
    assert event["source"] == "aws.backup"
    assert event["detail-type"] == RESTORE_JOB_STATE_CHANGE
    assert event["region"] == REGION
    assert event["resources"] == [job["CreatedResourceArn"]]
    detail = event["detail"]
    assert detail == {
        "restoreJobId": job_id,
        "backupVaultArn": job["BackupVaultArn"],
        "recoveryPointArn": point_arn,
        "sourceResourceArn": table_arn,
        "createdResourceArn": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders-restored",
        "resourceType": "DynamoDB",
        "status": "COMPLETED",
        "iamRoleArn": ROLE,
        "creationDate": detail["creationDate"],
        "completionDate": detail["completionDate"],
        "percentDone": "100.00",
        "backupSizeInBytes": str(job["BackupSizeInBytes"]),
    }
    assert detail["creationDate"].endswith("Z")
    assert detail["completionDate"] >= detail["creationDate"]


def test_failed_restore_does_not_match_the_completed_rule(aws: None) -> None:
    completed = queue_for_rule("restore-completed", RESTORE_COMPLETED)
    everything = queue_for_rule(
        "restore-any", {"source": ["aws.backup"], "detail-type": [RESTORE_JOB_STATE_CHANGE]}
    )
    _, point_arn = backed_up_table()

    boto3.client("backup").start_restore_job(
        RecoveryPointArn=point_arn, Metadata={"targetTableName": "orders"}, IamRoleArn=ROLE
    )

    assert received(completed) == []
    [event] = received(everything)
    assert event["detail"]["status"] == "FAILED"
    assert "createdResourceArn" not in event["detail"]
    assert event["detail"]["statusMessage"]
    assert event["resources"] == []


def test_backup_job_event(aws: None) -> None:
    url = queue_for_rule("backup-jobs", BACKUP_EVENTS)

    table_arn, point_arn = backed_up_table()

    [event] = received(url)
    assert event["resources"] == [table_arn]
    detail = event["detail"]
    assert detail["state"] == "COMPLETED"
    assert (detail["resourceArn"], detail["resourceType"]) == (table_arn, "DynamoDB")
    assert detail["recoveryPointArn"] == point_arn
    assert detail["backupVaultName"] == VAULT
    assert detail["backupSizeInBytes"].isdigit()
