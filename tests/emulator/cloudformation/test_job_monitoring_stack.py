"""templates/job-monitoring.yaml on the emulator's CloudFormation: the bus with its
organization-only policy, the rule that sends failed jobs to the encrypted topic, and the
summary function with its schedule, failure destination and log group, read back."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import boto3
import pytest

from tests.emulator.cloudformation.conftest import Deploy, Deployed
from tests.templates.loader import load
from tests.templates.test_member_deploy import function_zip

HOME = "123456789012"  # the emulator's default account: the stack's own
ORG = "o-a1b2c3d4e5"
STACK = "org-backup-monitoring"


@pytest.fixture
def stack(deploy: Deploy) -> Deployed:
    s3 = boto3.client("s3")
    bucket = f"org-backup-artifacts-{HOME}-us-east-1"
    s3.create_bucket(Bucket=bucket)
    body = function_zip("job_summary")
    key = f"lambda/job_summary-{hashlib.sha256(body).hexdigest()}.zip"
    s3.put_object(Bucket=bucket, Key=key, Body=body)
    deployed = deploy(
        STACK,
        json.dumps(load("job-monitoring.yaml")),
        OrganizationId=ORG,
        StackNamePrefix="org-backup",
        HomeAccountId=HOME,
        TargetRegions="us-east-1,eu-west-1",
        JobSummaryCodeKey=key,
        MonitoringNotificationEmail="backup-ops@example.com",
    )
    assert deployed.status == "CREATE_COMPLETE", deployed.events
    return deployed


def _resources() -> dict[str, str]:
    listed = boto3.client("cloudformation").list_stack_resources(StackName=STACK)
    return {
        r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed["StackResourceSummaries"]
    }


def test_the_bus_admits_only_the_organization(stack: Deployed) -> None:
    bus = boto3.client("events").describe_event_bus(Name=f"{STACK}-job-events")
    [statement] = json.loads(bus["Policy"])["Statement"]

    assert stack.outputs()["JobEventBusArn"] == bus["Arn"]
    assert statement["Action"] == "events:PutEvents"
    assert statement["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": ORG}}


def test_failed_jobs_on_the_bus_go_to_the_encrypted_topic(stack: Deployed) -> None:
    events, sns = boto3.client("events"), boto3.client("sns")
    bus = f"{STACK}-job-events"
    [rule] = events.list_rules(EventBusName=bus)["Rules"]
    [target] = events.list_targets_by_rule(Rule=rule["Name"], EventBusName=bus)["Targets"]
    topic = stack.outputs()["JobTopicArn"]
    attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    subscriptions = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    pattern: dict[str, Any] = json.loads(rule["EventPattern"])

    assert target["Arn"] == topic
    assert pattern["detail"]["$or"][0] == {"state": ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"]}
    assert attributes["KmsMasterKeyId"] == _resources()["MonitoringKey"]
    assert [(s["Protocol"], s["Endpoint"]) for s in subscriptions] == [
        ("email", "backup-ops@example.com")
    ]


def test_the_summary_function_runs_on_schedule_and_keeps_its_failures(stack: Deployed) -> None:
    lambda_client, events = boto3.client("lambda"), boto3.client("events")
    name = stack.outputs()["JobSummaryFunctionName"]
    config = lambda_client.get_function_configuration(FunctionName=name)
    invoke = lambda_client.get_function_event_invoke_config(FunctionName=name)
    resources = _resources()
    [target] = events.list_targets_by_rule(Rule=resources["SummaryScheduleRule"])["Targets"]

    assert config["Environment"]["Variables"]["TOPIC_ARN"] == stack.outputs()["JobTopicArn"]
    assert config["Environment"]["Variables"]["SUMMARY_REGIONS"] == "us-east-1,eu-west-1"
    assert "ReservedConcurrentExecutions" not in lambda_client.get_function_concurrency(
        FunctionName=name
    )
    assert invoke["DestinationConfig"]["OnFailure"]["Destination"].endswith(
        resources["JobSummaryFailureQueue"].rsplit("/", 1)[-1]
    )
    assert target["Arn"] == config["FunctionArn"]
    rule = events.describe_rule(Name=resources["SummaryScheduleRule"])
    assert rule["ScheduleExpression"] == "cron(0 6 * * ? *)"
