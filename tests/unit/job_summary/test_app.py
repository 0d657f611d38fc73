"""The handler, run as the home account (AWS Backup's delegated administrator) against the
emulator: it counts every account's jobs in each Region and publishes one summary."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from job_summary import app
from job_summary.errors import ConfigurationError
from rehearsal.cfn.context import FakeLambdaContext
from rehearsal.emulator.backup.job_failures import fail_backup_job
from tests.emulator.monitoring_org import (
    OTHER_REGION,
    REGION,
    VAULT,
    MonitoredOrg,
    client,
    monitored_org,
    table_arn,
)

# The topic as the template names it, so the role check sees the call it governs.
TOPIC_NAME = "org-backup-job-notifications"


def _context(account: str) -> FakeLambdaContext:
    return FakeLambdaContext(
        function_name="org-backup-monitoring-job-summary",
        invoked_function_arn=f"arn:aws:lambda:{REGION}:{account}:function:job-summary",
        timeout_s=300,
    )


def _as_account(account: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the function with the credentials of ``account`` (its execution role)."""
    credentials = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
        RoleSessionName="job-summary",
    )["Credentials"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials["SecretAccessKey"])
    monkeypatch.setenv("AWS_SESSION_TOKEN", credentials["SessionToken"])
    # boto3's default session keeps the credentials it first found: start a new one.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


def _topic_with_queue(org: MonitoredOrg) -> tuple[str, str]:
    sns, sqs = client(org.home, "sns"), client(org.home, "sqs")
    topic = sns.create_topic(Name=TOPIC_NAME)["TopicArn"]
    url = sqs.create_queue(QueueName="summaries")["QueueUrl"]
    queue = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue["QueueArn"])
    return str(topic), str(url)


def _failures(org: MonitoredOrg) -> None:
    for region in (REGION, OTHER_REGION):
        fail_backup_job(
            org.member,
            region,
            backup_vault_name=VAULT,
            resource_arn=table_arn(org.member, region=region),
            iam_role_arn=org.role(org.member),
            status_message="The role could not be assumed",
            message_category="ACCESS_DENIED",
        )
    client(org.home, "backup").start_backup_job(
        BackupVaultName=VAULT, ResourceArn=table_arn(org.home), IamRoleArn=org.role(org.home)
    )


def _published(org: MonitoredOrg, url: str) -> list[dict[str, Any]]:
    messages = client(org.home, "sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    return [json.loads(m["Body"]) for m in messages.get("Messages", [])]


def test_the_summary_counts_every_accounts_jobs_in_every_region(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = monitored_org()
    topic, url = _topic_with_queue(org)
    _failures(org)
    monkeypatch.setenv("TOPIC_ARN", topic)
    monkeypatch.setenv("SUMMARY_REGIONS", f"{REGION},{OTHER_REGION}")
    _as_account(org.home, monkeypatch)

    result = app.handler({"source": "aws.events"}, _context(org.home))

    assert result["Failed"] == 2
    assert result["Counts"]["backup"] == {"COMPLETED": 1, "FAILED": 2}
    [notice] = _published(org, url)
    assert notice["MessageId"] == result["MessageId"]
    assert notice["Subject"] == "AWS Backup daily summary: 2 failed jobs"
    for region in (REGION, OTHER_REGION):
        assert f"  backup  {org.member}  {region}  FAILED  1" in notice["Message"]


def test_a_member_account_sees_only_its_own_jobs(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = monitored_org()
    _failures(org)
    sns = client(org.member, "sns")
    monkeypatch.setenv("TOPIC_ARN", sns.create_topic(Name=TOPIC_NAME)["TopicArn"])
    _as_account(org.member, monkeypatch)

    result = app.handler({}, _context(org.member))

    assert result["Failed"] == 1  # its own failure in the function's Region only
    assert result["Counts"]["backup"] == {"FAILED": 1}


def test_a_bad_variable_fails_the_invocation_and_publishes_nothing(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = monitored_org()
    topic, url = _topic_with_queue(org)
    monkeypatch.setenv("TOPIC_ARN", topic)
    monkeypatch.setenv("SUMMARY_REGIONS", "Europe")
    _as_account(org.home, monkeypatch)

    with pytest.raises(ConfigurationError, match="SUMMARY_REGIONS"):
        app.handler({}, _context(org.home))

    assert _published(org, url) == []
