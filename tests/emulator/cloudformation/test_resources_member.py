"""The member template (the StackSet body) on the emulator's CloudFormation, under the name a
StackSet instance stack has, with every resource but its one custom resource: the vault, keys,
roles, functions, queue, topic, rules and their policies read back as the template says.

``Custom::BackupRegionSettings`` runs its Lambda from the packaged zip through the emulator
server (tests/emulator/cloudformation/test_custom_resources*.py); it and the output that
names it are left out here, and that split is asserted exactly.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from tests.emulator.cloudformation.conftest import Deploy, read_stack
from tests.templates.loader import load
from tests.templates.test_member_deploy import HOME, STACK_NAME, upload_code

CENTRAL = "444455556666"


def without_custom_resources(template: dict[str, Any]) -> dict[str, Any]:
    custom = {k for k, r in template["Resources"].items() if r["Type"].startswith("Custom::")}
    assert custom == {"BackupRegionSettings"}
    template["Resources"] = {k: r for k, r in template["Resources"].items() if k not in custom}
    outputs = template["Outputs"]
    named = {k for k, o in outputs.items() if o["Value"] == {"Ref": "BackupRegionSettings"}}
    assert named == {"RegionSettingsId"} or len(named) == 1
    template["Outputs"] = {k: o for k, o in outputs.items() if k not in named}
    return template


@pytest.fixture
def member(deploy: Deploy) -> dict[str, str]:
    parameters = {
        "OrganizationId": "o-a1b2c3d4e5",
        "CentralBackupAccountId": CENTRAL,
        "HomeAccountId": HOME,
        "CentralEventBusArn": f"arn:aws:events:us-east-1:{HOME}:event-bus/org-backup",
        "NotificationEmail": "backup-ops@example.com",
        **upload_code(boto3.client("s3")),
    }
    template = without_custom_resources(load("member-account.yaml"))
    stack = deploy(STACK_NAME, json.dumps(template), **parameters)
    assert stack.status == "CREATE_COMPLETE", stack.events
    listed = boto3.client("cloudformation").list_stack_resources(StackName=STACK_NAME)
    return {
        r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed["StackResourceSummaries"]
    }


def test_member_vault_keys_and_service_role(member: dict[str, str]) -> None:
    backup = boto3.client("backup")
    vault = backup.describe_backup_vault(BackupVaultName=member["MemberVault"])
    key = boto3.client("kms").describe_key(KeyId=vault["EncryptionKeyArn"])["KeyMetadata"]
    assert key["KeyId"] == member["VaultKey"]
    policy = json.loads(
        backup.get_backup_vault_access_policy(BackupVaultName=member["MemberVault"])["Policy"]
    )
    copy_back = next(
        s for s in policy["Statement"] if s["Sid"] == "CentralAccountCopiesBackForRestore"
    )
    assert copy_back["Principal"] == {"AWS": f"arn:aws:iam::{CENTRAL}:root"}
    attached = boto3.client("iam").list_attached_role_policies(RoleName=member["BackupServiceRole"])
    names = sorted(p["PolicyName"] for p in attached["AttachedPolicies"])
    assert names == [
        "AWSBackupServiceRolePolicyForBackup",
        "AWSBackupServiceRolePolicyForRestores",
        "AWSBackupServiceRolePolicyForS3Backup",
        "AWSBackupServiceRolePolicyForS3Restore",
    ]


def test_tag_on_restore_failures_reach_its_queue_and_the_topic(member: dict[str, str]) -> None:
    lambda_client, sqs, sns = boto3.client("lambda"), boto3.client("sqs"), boto3.client("sns")
    function = member["TagOnRestoreFunction"]
    config = lambda_client.get_function_event_invoke_config(FunctionName=function)
    queue_url = member["TagOnRestoreFailureQueue"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    assert (config["MaximumRetryAttempts"], config["MaximumEventAgeInSeconds"]) == (2, 21600)
    assert config["DestinationConfig"]["OnFailure"]["Destination"] == queue_arn
    queue_policy = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Policy"])
    assert json.loads(queue_policy["Attributes"]["Policy"])["Statement"]
    topic = member["FailureTopic"]
    topic_policy = json.loads(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])
    assert "__default_statement_ID" not in {s.get("Sid") for s in topic_policy["Statement"]}
    attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attributes["KmsMasterKeyId"] == member["OperationsKey"]
    assert attributes["DisplayName"] == "AWS Backup failures"
    (subscription,) = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert (subscription["Protocol"], subscription["Endpoint"]) == (
        "email",
        "backup-ops@example.com",
    )
    (permission,) = json.loads(lambda_client.get_policy(FunctionName=function)["Policy"])[
        "Statement"
    ]
    rule_arn = boto3.client("events").describe_rule(Name=member["RestoreCompletedRule"])["Arn"]
    assert permission["Principal"] == {"Service": "events.amazonaws.com"}
    (target,) = boto3.client("events").list_targets_by_rule(Rule=member["RestoreCompletedRule"])[
        "Targets"
    ]
    function_arn = lambda_client.get_function(FunctionName=function)["Configuration"]["FunctionArn"]
    assert (target["Id"], target["Arn"]) == ("tag-on-restore", function_arn)
    assert permission["Condition"]["ArnLike"]["AWS:SourceArn"] == rule_arn
    configuration = lambda_client.get_function_configuration(FunctionName=function)
    assert configuration["Architectures"] == ["x86_64"]
    assert configuration["LoggingConfig"]["LogGroup"] == member["TagOnRestoreLogGroup"]


def test_deleting_the_member_stack_keeps_vault_and_key_and_removes_the_rest(
    member: dict[str, str],
) -> None:
    cloudformation = boto3.client("cloudformation")
    stack_id = read_stack(cloudformation, STACK_NAME).stack["StackId"]
    cloudformation.delete_stack(StackName=STACK_NAME)
    assert read_stack(cloudformation, stack_id).status == "DELETE_COMPLETE"
    assert boto3.client("backup").describe_backup_vault(BackupVaultName=member["MemberVault"])
    roles = {r["RoleName"] for r in boto3.client("iam").list_roles()["Roles"]}
    assert member["BackupServiceRole"] not in roles
    assert boto3.client("lambda").list_functions()["Functions"] == []
