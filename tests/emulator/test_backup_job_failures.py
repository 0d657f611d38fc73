"""An injected backup failure is a FAILED job that AWS Backup's APIs and events report
(emulator-only)."""

from __future__ import annotations

import json

import boto3
import pytest

from rehearsal.emulator.backup.exceptions import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)
from rehearsal.emulator.backup.job_failures import fail_backup_job
from tests.emulator.monitoring_org import REGION, VAULT, client, monitored_org, table_arn

FAILED_BACKUPS = {
    "source": ["aws.backup"],
    "detail-type": ["Backup Job State Change"],
    "detail": {"state": ["FAILED"]},
}


def _queue_for_failed_backups(account: str) -> str:
    sqs, events = client(account, "sqs"), client(account, "events")
    url = sqs.create_queue(QueueName="failed-backups")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    events.put_rule(Name="failed-backups", EventPattern=json.dumps(FAILED_BACKUPS))
    events.put_targets(Rule="failed-backups", Targets=[{"Id": "q", "Arn": arn["QueueArn"]}])
    return str(url)


def test_a_failed_job_is_recorded_and_its_event_put_on_the_default_bus(aws: None) -> None:
    org = monitored_org()
    url = _queue_for_failed_backups(org.member)
    table = table_arn(org.member)

    job = fail_backup_job(
        org.member,
        REGION,
        backup_vault_name=VAULT,
        resource_arn=table,
        iam_role_arn=org.role(org.member),
        status_message="Insufficient privileges to perform this action.",
        message_category="ACCESS_DENIED",
    )

    backup = client(org.member, "backup")
    described = backup.describe_backup_job(BackupJobId=job.backup_job_id)
    assert described["State"] == "FAILED"
    assert described["StatusMessage"] == "Insufficient privileges to perform this action."
    assert described["MessageCategory"] == "ACCESS_DENIED"
    assert described["ResourceType"] == "DynamoDB"
    assert not described.get("RecoveryPointArn")
    listed = backup.list_backup_jobs(ByState="FAILED")["BackupJobs"]
    assert [j["BackupJobId"] for j in listed] == [job.backup_job_id]
    assert (
        backup.list_recovery_points_by_backup_vault(BackupVaultName=VAULT)["RecoveryPoints"] == []
    )
    [message] = client(org.member, "sqs").receive_message(QueueUrl=url)["Messages"]
    event = json.loads(message["Body"])
    assert event["resources"] == [table]
    assert event["detail"]["state"] == "FAILED"
    assert event["detail"]["backupJobId"] == job.backup_job_id
    assert event["detail"]["statusMessage"] == "Insufficient privileges to perform this action."
    assert "recoveryPointArn" not in event["detail"]


@pytest.mark.parametrize(
    ("vault", "message", "error", "field"),
    [
        (VAULT, " ", InvalidParameterValueException, "status_message"),
        ("no-such-vault", "broken", ResourceNotFoundException, "no-such-vault"),
    ],
)
def test_bad_input_is_refused_and_records_nothing(
    aws: None, vault: str, message: str, error: type[Exception], field: str
) -> None:
    org = monitored_org()
    table = table_arn(org.member)

    with pytest.raises(error, match=field):
        fail_backup_job(
            org.member,
            REGION,
            backup_vault_name=vault,
            resource_arn=table,
            iam_role_arn=org.role(org.member),
            status_message=message,
        )

    assert client(org.member, "backup").list_backup_jobs()["BackupJobs"] == []
    assert boto3.client("backup").list_backup_jobs()["BackupJobs"] == []
