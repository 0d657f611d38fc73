"""What the emulator cannot create as AWS does fails the stack loudly, with CloudFormation's
statuses and reasons: an unknown type is a template error; an unmodelled type, an unknown or
unmodelled property, a name over its limit or an error from the service fails the resource,
and the stack rolls back (created resources deleted, DeletionPolicy Retain kept)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.emulator.cloudformation.conftest import Deploy

# The name a service-managed StackSet gives an instance stack: StackSet-<set>-<uuid>.
INSTANCE_STACK = "StackSet-org-backup-member-0123abcd-4567-89ef-0123-456789abcdef"


def template(resources: dict[str, Any]) -> str:
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources})


def queue(**properties: Any) -> dict[str, Any]:
    return {"Type": "AWS::SQS::Queue", "Properties": properties}


def test_a_type_the_registry_does_not_know_is_a_template_error(aws: None) -> None:
    cloudformation = boto3.client("cloudformation")
    body = template({"Thing": {"Type": "AWS::Nothing::Here", "Properties": {}}})
    with pytest.raises(ClientError, match=r"Unrecognized resource types: \[AWS::Nothing::Here\]"):
        cloudformation.create_stack(StackName="bad", TemplateBody=body)
    assert cloudformation.describe_stacks()["Stacks"] == []


@pytest.mark.parametrize(
    ("resource", "reason"),
    [
        (
            # A registry type no template of this project uses, so the emulator has no model.
            {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "v"}},
            "The emulator has no vetted model for resource type AWS::SSM::Parameter "
            "(resource Failing); it would not be created as AWS creates it",
        ),
        (
            queue(QueueName="q", Colour="blue"),
            "Properties validation failed for resource Failing with message: "
            "#: extraneous key [Colour] is not permitted",
        ),
        (
            queue(QueueName="q", FifoQueue=True),
            "The emulator cannot create property FifoQueue of resource Failing "
            "(AWS::SQS::Queue) as AWS does; it neither models nor accepts it",
        ),
        (
            {
                "Type": "AWS::IAM::Role",
                "Properties": {"RoleName": "r" * 65, "AssumeRolePolicyDocument": {"Statement": []}},
            },
            "Properties validation failed for resource Failing with message: "
            "#/RoleName: expected maxLength: 64, actual: 65",
        ),
    ],
    ids=["unmodelled-type", "unknown-property", "unmodelled-property", "name-too-long"],
)
def test_what_cannot_be_created_fails_the_stack_and_rolls_back(
    deploy: Deploy, resource: dict[str, Any], reason: str
) -> None:
    body = template(
        {
            "Created": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "created"}},
            "Failing": {**resource, "DependsOn": "Created"},
        }
    )
    stack = deploy("bad", body)
    assert stack.status == "ROLLBACK_COMPLETE"
    assert stack.resource_events("Failing") == [
        ("CREATE_IN_PROGRESS", ""),
        ("CREATE_FAILED", reason),
    ]
    assert stack.resource_events("Created")[-2:] == [
        ("DELETE_IN_PROGRESS", ""),
        ("DELETE_COMPLETE", ""),
    ]
    assert stack.stack["StackStatusReason"] == (
        "The following resource(s) failed to create: [Failing]. Rollback requested by user."
    )
    assert boto3.client("sns").list_topics()["Topics"] == []
    assert "Outputs" not in stack.stack


def test_a_service_error_fails_the_resource_and_retained_resources_stay(deploy: Deploy) -> None:
    boto3.client("sqs").create_queue(QueueName="taken", Attributes={"VisibilityTimeout": "5"})
    body = template(
        {
            "Kept": {
                "Type": "AWS::SNS::Topic",
                "DeletionPolicy": "Retain",
                "Properties": {"TopicName": "kept"},
            },
            "Failing": {**queue(QueueName="taken", VisibilityTimeout=9), "DependsOn": "Kept"},
        }
    )
    stack = deploy("bad", body)
    assert stack.status == "ROLLBACK_COMPLETE"
    ((status, reason),) = stack.resource_events("Failing")[1:]
    assert status == "CREATE_FAILED"
    assert reason.startswith('Resource handler returned message: "')
    assert "already exists" in reason
    assert stack.resource_events("Kept")[-1][0] == "DELETE_SKIPPED"
    topics = [t["TopicArn"] for t in boto3.client("sns").list_topics()["Topics"]]
    assert [arn.rsplit(":", 1)[1] for arn in topics] == ["kept"]
    resources = boto3.client("cloudformation").list_stack_resources(StackName="bad")
    assert [r["LogicalResourceId"] for r in resources["StackResourceSummaries"]] == ["Kept"]


def test_an_instance_stack_name_makes_a_built_function_name_too_long(deploy: Deploy) -> None:
    body = json.dumps(
        {
            "Resources": {
                "Role": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {"AssumeRolePolicyDocument": {"Statement": []}},
                },
                "Function": {
                    "Type": "AWS::Lambda::Function",
                    "Properties": {
                        "FunctionName": {"Fn::Sub": "${AWS::StackName}-tag-on-restore"},
                        "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                        "Runtime": "python3.13",
                        "Handler": "app.handler",
                        "Code": {"ZipFile": "def handler(event, context):\n    return None\n"},
                    },
                },
            }
        }
    )
    stack = deploy(INSTANCE_STACK, body)
    assert stack.status == "ROLLBACK_COMPLETE"
    name_length = len(f"{INSTANCE_STACK}-tag-on-restore")
    assert stack.resource_events("Function")[-1] == (
        "CREATE_FAILED",
        "Properties validation failed for resource Function with message: "
        f"#/FunctionName: expected maxLength: 64, actual: {name_length}",
    )
    assert boto3.client("iam").list_roles()["Roles"] == []  # the role was rolled back


def test_generated_names_are_cut_to_the_limit_as_aws_does(deploy: Deploy) -> None:
    stack = deploy(
        INSTANCE_STACK,
        template(
            {
                "TagOnRestoreExecutionRole": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {"AssumeRolePolicyDocument": {"Statement": []}},
                },
            }
        ),
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    (role,) = boto3.client("iam").list_roles()["Roles"]
    name = role["RoleName"]
    assert 60 <= len(name) <= 64
    prefix, _, suffix = name.rpartition("-")
    assert f"{INSTANCE_STACK}-TagOnRestoreExecutionRole".startswith(prefix)
    assert len(suffix) == 12
