"""Custom:: resources in stacks: the Lambda runs from its zip, answers over the ResponseURL,
and the stack follows CloudFormation's create, update, replacement, rollback and delete rules."""

from __future__ import annotations

import io
import json
import time
import zipfile
from typing import Any

import boto3
import pytest

from rehearsal.emulator.cloudformation.custom_resources import stop_response_endpoint
from rehearsal.emulator.cloudformation.custom_resources_requests import response_endpoint_running

BUCKET = "probe-records"
CODE_KEY = "code/probe.zip"
# The function records every request it gets in S3 (its only permission), then answers as the
# properties say: fail or stay silent for some request types, or make a call its role lacks.
PROBE = """
import json
import time
import urllib.request

import boto3


def handler(event, context):
    props = event["ResourceProperties"]
    kind = event["RequestType"]
    record = {key: event.get(key) for key in (
        "RequestType", "PhysicalResourceId", "ResourceProperties", "OldResourceProperties",
        "LogicalResourceId", "ResourceType", "StackId", "ServiceToken", "ResponseURL")}
    s3 = boto3.client("s3")
    s3.put_object(Bucket=props["Bucket"], Key=f"requests/{time.time_ns()}", Body=json.dumps(record))
    if kind in props.get("SilentOn", "").split(","):
        time.sleep(context.get_remaining_time_in_millis() / 1000)
        return
    status, reason = "SUCCESS", ""
    if kind in props.get("FailOn", "").split(","):
        status, reason = "FAILED", f"asked to fail {kind}"
    elif kind != "Delete" and props.get("Denied") == "true":
        try:
            boto3.client("sqs").list_queues()
        except Exception as error:
            status, reason = "FAILED", str(error)
    physical_id = event.get("PhysicalResourceId") if kind == "Delete" else props["Id"]
    body = json.dumps({
        "Status": status, "Reason": reason, "PhysicalResourceId": physical_id,
        "StackId": event["StackId"], "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"], "Data": {"Echo": props["Value"]},
    }).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT")
    urllib.request.urlopen(request, timeout=10).close()
"""


def template(*, service_timeout: int = 30, lambda_timeout: int = 10, other: bool = False) -> str:
    """The probe's role, function and ``Probe`` resource; ``other`` adds a second resource."""
    parameter = {"Type": "String", "Default": ""}
    body: dict[str, Any] = {
        "Parameters": {
            "Id": {"Type": "String"},
            "Value": {"Type": "String"},
            "FailOn": parameter,
            "SilentOn": parameter,
            "Denied": {"Type": "String", "Default": "false"},
            "OtherId": {"Type": "String", "Default": "o"},
            "OtherFailOn": parameter,
        },
        "Resources": {
            "ProbeRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "lambda.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    },
                    "Policies": [
                        {
                            "PolicyName": "records",
                            "PolicyDocument": {
                                "Version": "2012-10-17",
                                "Statement": [
                                    {
                                        "Effect": "Allow",
                                        "Action": "s3:PutObject",
                                        "Resource": f"arn:aws:s3:::{BUCKET}/requests/*",
                                    }
                                ],
                            },
                        }
                    ],
                },
            },
            "ProbeFunction": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Runtime": "python3.13",
                    "Handler": "probe_cr.app.handler",
                    "Timeout": lambda_timeout,
                    "Role": {"Fn::GetAtt": ["ProbeRole", "Arn"]},
                    "Code": {"S3Bucket": BUCKET, "S3Key": CODE_KEY},
                },
            },
            "Probe": {
                "Type": "Custom::Probe",
                "Properties": {
                    "ServiceToken": {"Fn::GetAtt": ["ProbeFunction", "Arn"]},
                    "ServiceTimeout": service_timeout,
                    "Bucket": BUCKET,
                    "Id": {"Ref": "Id"},
                    "Value": {"Ref": "Value"},
                    "FailOn": {"Ref": "FailOn"},
                    "SilentOn": {"Ref": "SilentOn"},
                    "Denied": {"Ref": "Denied"},
                },
            },
        },
        "Outputs": {
            "Echo": {"Value": {"Fn::GetAtt": ["Probe", "Echo"]}},
            "ProbeId": {"Value": {"Ref": "Probe"}},
        },
    }
    if other:
        body["Resources"]["Other"] = {
            "Type": "Custom::Probe",
            "Properties": {
                "ServiceToken": {"Fn::GetAtt": ["ProbeFunction", "Arn"]},
                "Bucket": BUCKET,
                "Id": {"Ref": "OtherId"},
                "Value": "other",
                "FailOn": {"Ref": "OtherFailOn"},
            },
        }
    return json.dumps(body)


def parameters(**values: str) -> list[dict[str, str]]:
    return [{"ParameterKey": key, "ParameterValue": value} for key, value in values.items()]


@pytest.fixture
def cfn(emulator_endpoint: str) -> Any:
    """A CloudFormation client, with the probe's zip in S3; the response endpoint is
    stopped when the test ends."""
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("probe_cr/__init__.py", "")
        zipped.writestr("probe_cr/app.py", PROBE)
    s3.put_object(Bucket=BUCKET, Key=CODE_KEY, Body=archive.getvalue())
    yield boto3.client("cloudformation")
    stop_response_endpoint()
    assert not response_endpoint_running()


def requests_seen() -> list[dict[str, Any]]:
    """Every request the function received, in order (from what it wrote to S3)."""
    s3 = boto3.client("s3")
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="requests/").get("Contents", [])
    keys = sorted(item["Key"] for item in listed)
    return [json.loads(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()) for key in keys]


def summary(requests: list[dict[str, Any]]) -> list[tuple[str, str | None, str, str | None]]:
    """(RequestType, PhysicalResourceId, Value, old Value) for each request."""
    return [
        (
            request["RequestType"],
            request["PhysicalResourceId"],
            request["ResourceProperties"]["Value"],
            (request["OldResourceProperties"] or {}).get("Value"),
        )
        for request in requests
    ]


def stack(cfn: Any, name: str) -> dict[str, Any]:
    described: dict[str, Any] = cfn.describe_stacks(StackName=name)["Stacks"][0]
    return described


def outputs(cfn: Any, name: str) -> dict[str, str]:
    return {item["OutputKey"]: item["OutputValue"] for item in stack(cfn, name)["Outputs"]}


def failed_reasons(cfn: Any, name: str) -> list[str]:
    events = cfn.describe_stack_events(StackName=name)["StackEvents"]
    return [
        event.get("ResourceStatusReason", "")
        for event in events
        if event["LogicalResourceId"] == "Probe" and event["ResourceStatus"].endswith("_FAILED")
    ]


def test_create_update_replace_delete_send_the_requests_cloudformation_sends(cfn: Any) -> None:
    cfn.create_stack(
        StackName="probe", TemplateBody=template(), Parameters=parameters(Id="a", Value="1")
    )
    assert stack(cfn, "probe")["StackStatus"] == "CREATE_COMPLETE"
    assert outputs(cfn, "probe") == {"Echo": "1", "ProbeId": "a"}

    cfn.update_stack(
        StackName="probe", TemplateBody=template(), Parameters=parameters(Id="a", Value="2")
    )
    assert stack(cfn, "probe")["StackStatus"] == "UPDATE_COMPLETE"
    assert outputs(cfn, "probe") == {"Echo": "2", "ProbeId": "a"}

    cfn.update_stack(
        StackName="probe", TemplateBody=template(), Parameters=parameters(Id="b", Value="3")
    )
    assert stack(cfn, "probe")["StackStatus"] == "UPDATE_COMPLETE"
    assert outputs(cfn, "probe") == {"Echo": "3", "ProbeId": "b"}

    cfn.delete_stack(StackName="probe")
    seen = requests_seen()
    assert summary(seen) == [
        ("Create", None, "1", None),
        ("Update", "a", "2", "1"),
        ("Update", "a", "3", "2"),
        ("Delete", "a", "2", None),  # the replaced resource, after the update completed
        ("Delete", "b", "3", None),
    ]
    first = seen[0]
    assert first["ResponseURL"].startswith("https://127.0.0.1:")
    assert "/cloudformation-custom-resource-response-useast1/" in first["ResponseURL"]
    assert first["LogicalResourceId"] == "Probe"
    assert first["ResourceType"] == "Custom::Probe"
    assert first["ServiceToken"].startswith("arn:aws:lambda:us-east-1:123456789012:function:")
    assert first["ResourceProperties"]["ServiceToken"] == first["ServiceToken"]
    assert first["ResourceProperties"]["ServiceTimeout"] == "30"  # sent as a string
    assert first["StackId"].startswith("arn:aws:cloudformation:us-east-1:123456789012:stack/probe/")
    assert [s["StackName"] for s in cfn.describe_stacks()["Stacks"]] == []


def test_a_failed_create_is_deleted_and_the_stack_rolls_back(cfn: Any) -> None:
    cfn.create_stack(
        StackName="probe",
        TemplateBody=template(),
        Parameters=parameters(Id="half-made", Value="1", FailOn="Create"),
    )
    assert stack(cfn, "probe")["StackStatus"] == "ROLLBACK_COMPLETE"
    assert summary(requests_seen()) == [
        ("Create", None, "1", None),
        ("Delete", "half-made", "1", None),
    ]
    (reason,) = failed_reasons(cfn, "probe")
    assert reason.startswith("Received response status [FAILED] from custom resource. ")
    assert "Message returned: asked to fail Create" in reason
    assert boto3.client("lambda").list_functions()["Functions"] == []  # rolled back too


def test_a_failed_update_rolls_back_with_the_old_properties(cfn: Any) -> None:
    cfn.create_stack(
        StackName="probe", TemplateBody=template(), Parameters=parameters(Id="a", Value="1")
    )
    cfn.update_stack(
        StackName="probe",
        TemplateBody=template(),
        Parameters=parameters(Id="a", Value="2", FailOn="Update"),
    )
    assert stack(cfn, "probe")["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    seen = requests_seen()
    assert summary(seen) == [
        ("Create", None, "1", None),
        ("Update", "a", "2", "1"),
        ("Update", "a", "1", "2"),  # the rollback: old properties, the failed ones as old
    ]
    assert seen[2]["OldResourceProperties"]["FailOn"] == "Update"
    (reason,) = failed_reasons(cfn, "probe")  # one attempt, as CloudFormation makes
    assert "asked to fail Update" in reason
    assert outputs(cfn, "probe") == {"Echo": "1", "ProbeId": "a"}


def test_a_call_the_role_does_not_allow_fails_the_stack_with_access_denied(cfn: Any) -> None:
    cfn.create_stack(
        StackName="probe",
        TemplateBody=template(),
        Parameters=parameters(Id="a", Value="1", Denied="true"),
    )
    assert stack(cfn, "probe")["StackStatus"] == "ROLLBACK_COMPLETE"
    (reason,) = failed_reasons(cfn, "probe")
    assert "AccessDenied" in reason
    assert "assumed-role/" in reason
    assert "is not authorized to perform: sqs:ListQueues" in reason
    # The test's own calls are not subject to IAM: it has no policies at all.
    assert boto3.client("sqs").list_queues().get("QueueUrls", []) == []


def test_a_function_that_never_answers_fails_the_stack_at_the_service_timeout(cfn: Any) -> None:
    started = time.monotonic()
    cfn.create_stack(
        StackName="probe",
        TemplateBody=template(service_timeout=2, lambda_timeout=6),
        Parameters=parameters(Id="a", Value="1", SilentOn="Create"),
    )
    waited = time.monotonic() - started
    assert stack(cfn, "probe")["StackStatus"] == "ROLLBACK_COMPLETE"
    (reason,) = failed_reasons(cfn, "probe")
    assert reason.startswith("CloudFormation did not receive a response from your Custom Resource.")
    assert 2 <= waited < 6
    assert [request["RequestType"] for request in requests_seen()] == ["Create", "Delete"]


def sequence(requests: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    """(LogicalResourceId, RequestType, PhysicalResourceId) for each request."""
    return [
        (request["LogicalResourceId"], request["RequestType"], request["PhysicalResourceId"])
        for request in requests
    ]


def test_a_rollback_keeps_the_replaced_resource_and_deletes_its_replacement(cfn: Any) -> None:
    body = template(other=True)
    cfn.create_stack(StackName="probe", TemplateBody=body, Parameters=parameters(Id="a", Value="1"))
    cfn.update_stack(
        StackName="probe",
        TemplateBody=body,
        Parameters=parameters(Id="b", Value="2", OtherId="o", OtherFailOn="Update"),
    )
    assert stack(cfn, "probe")["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert sequence(requests_seen()) == [
        ("Probe", "Create", None),
        ("Other", "Create", None),
        ("Probe", "Update", "a"),  # answered with the new id b: a replacement
        ("Other", "Update", "o"),  # FAILED
        ("Other", "Update", "o"),  # its rollback; Probe's old resource a was never changed
        ("Probe", "Delete", "b"),  # the replacement, in the rollback's cleanup
    ]
    assert outputs(cfn, "probe") == {"Echo": "1", "ProbeId": "a"}


def test_a_removed_resource_is_deleted_only_once_the_update_succeeds(cfn: Any) -> None:
    cfn.create_stack(
        StackName="probe",
        TemplateBody=template(other=True),
        Parameters=parameters(Id="a", Value="1"),
    )
    cfn.update_stack(
        StackName="probe",
        TemplateBody=template(),
        Parameters=parameters(Id="a", Value="2", FailOn="Update"),
    )
    assert stack(cfn, "probe")["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    resources = cfn.list_stack_resources(StackName="probe")["StackResourceSummaries"]
    assert "Other" in {resource["LogicalResourceId"] for resource in resources}
    cfn.update_stack(
        StackName="probe", TemplateBody=template(), Parameters=parameters(Id="a", Value="3")
    )
    assert stack(cfn, "probe")["StackStatus"] == "UPDATE_COMPLETE"
    assert sequence(requests_seen()) == [
        ("Probe", "Create", None),
        ("Other", "Create", None),
        ("Probe", "Update", "a"),  # FAILED: Other, removed by this update, is kept
        ("Probe", "Update", "a"),  # the rollback
        ("Probe", "Update", "a"),
        ("Other", "Delete", "o"),  # the cleanup after the successful update
    ]


def test_a_service_timeout_out_of_range_fails_the_resource_without_a_request(cfn: Any) -> None:
    cfn.create_stack(
        StackName="probe",
        TemplateBody=template(service_timeout=3601),
        Parameters=parameters(Id="a", Value="1"),
    )
    assert stack(cfn, "probe")["StackStatus"] == "ROLLBACK_COMPLETE"
    (reason,) = failed_reasons(cfn, "probe")
    assert "ServiceTimeout: must be an integer from 1 to 3600, got '3601'" in reason
    assert requests_seen() == []
