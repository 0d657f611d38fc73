"""Functions created in the emulator run from their zips when invoked, under their role's
credentials, with IAM enforced for their calls only."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from typing import Any

import boto3
import pytest
from moto.awslambda.utils import get_backend

from rehearsal.emulator.lambda_functions import LambdaRuntimeError, run_function

HANDLER = """
import json
import os

import boto3


def handler(event, context):
    if "detail-type" in event:
        key = f"events/{event['id']}"
        boto3.client("s3").put_object(Bucket="allowed-bucket", Key=key, Body=json.dumps(event))
        return None
    identity = boto3.client("sts").get_caller_identity()
    if event.get("write"):
        boto3.client("s3").put_object(Bucket="allowed-bucket", Key="out.txt", Body=b"x")
    if event.get("list_queues"):
        boto3.client("sqs").list_queues()
    return {
        "arn": identity["Arn"],
        "account": identity["Account"],
        "setting": os.environ.get("SETTING"),
        "function": context.function_name,
        "invoked": context.invoked_function_arn,
        "region": os.environ["AWS_REGION"],
    }
"""
TRUST: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
WRITE_ONLY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::allowed-bucket/*"}
    ],
}


def zipped(source: str) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as files:
        files.writestr("probe_fn/__init__.py", "")
        files.writestr("probe_fn/app.py", source)
    return archive.getvalue()


def create_function(trust: dict[str, Any] = TRUST, name: str = "probe") -> str:
    iam = boto3.client("iam")
    role = iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(
        RoleName=f"{name}-role", PolicyName="write", PolicyDocument=json.dumps(WRITE_ONLY)
    )
    created = boto3.client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.13",
        Role=role["Role"]["Arn"],
        Handler="probe_fn.app.handler",
        Code={"ZipFile": zipped(HANDLER)},
        Timeout=20,
        Environment={"Variables": {"SETTING": "on"}},
    )
    return str(created["FunctionArn"])


def invoke(name: str, event: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    answer = boto3.client("lambda").invoke(FunctionName=name, Payload=json.dumps(event))
    return json.loads(answer["Payload"].read()), answer.get("FunctionError")


def test_invoke_runs_the_zip_with_the_role_credentials_and_environment(
    emulator_endpoint: str,
) -> None:
    boto3.client("s3").create_bucket(Bucket="allowed-bucket")
    arn = create_function()
    result, error = invoke("probe", {"write": True})
    assert error is None
    assert result == {
        "arn": "arn:aws:sts::123456789012:assumed-role/probe-role/probe",
        "account": "123456789012",
        "setting": "on",
        "function": "probe",
        "invoked": arn,
        "region": "us-east-1",
    }
    body = boto3.client("s3").get_object(Bucket="allowed-bucket", Key="out.txt")["Body"]
    assert body.read() == b"x"


def test_a_call_outside_the_role_is_denied_and_reported_as_a_function_error(
    emulator_endpoint: str,
) -> None:
    create_function()
    result, error = invoke("probe", {"list_queues": True})
    assert error == "Handled"
    assert result["errorType"] == "ClientError"
    assert "AccessDenied" in result["errorMessage"]
    assert (
        "User: arn:aws:sts::123456789012:assumed-role/probe-role/probe is not authorized to "
        "perform: sqs:ListQueues" in result["errorMessage"]
    )
    # The same call from the test (no identity policies at all) is not subject to IAM.
    assert boto3.client("sqs").list_queues().get("QueueUrls", []) == []


def test_a_role_lambda_cannot_assume_fails_the_invocation_loudly(emulator_endpoint: str) -> None:
    ec2 = {**TRUST["Statement"][0], "Principal": {"Service": "ec2.amazonaws.com"}}
    untrusted = {**TRUST, "Statement": [ec2]}
    create_function(trust=untrusted)
    function = get_backend("123456789012", "us-east-1").get_function("probe")
    with pytest.raises(LambdaRuntimeError, match="cannot be assumed by Lambda"):
        run_function(function, {})


def test_functions_need_the_emulator_as_a_server(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    create_function()
    function = get_backend("123456789012", "us-east-1").get_function("probe")
    with pytest.raises(LambdaRuntimeError, match="AWS_ENDPOINT_URL"):
        run_function(function, {})


def test_the_function_logs_come_back_with_the_invocation(emulator_endpoint: str) -> None:
    create_function()
    answer = boto3.client("lambda").invoke(
        FunctionName="probe", Payload=json.dumps({"list_queues": True}), LogType="Tail"
    )
    logs = base64.b64decode(answer["LogResult"]).decode()
    assert "Traceback" in logs
    assert "AccessDenied" in logs


def put_backup_event() -> None:
    events = boto3.client("events")
    events.put_events(
        Entries=[
            {
                "Source": "aws.backup",
                "DetailType": "Restore Job State Change",
                "Detail": json.dumps({"restoreJobId": "r-1", "status": "COMPLETED"}),
            }
        ]
    )


def rule_to(function_arn: str) -> str:
    events = boto3.client("events")
    rule = events.put_rule(
        Name="restores",
        EventPattern=json.dumps(
            {"source": ["aws.backup"], "detail-type": ["Restore Job State Change"]}
        ),
    )
    events.put_targets(Rule="restores", Targets=[{"Id": "probe", "Arn": function_arn}])
    return str(rule["RuleArn"])


def delivered() -> list[dict[str, Any]]:
    s3 = boto3.client("s3")
    listed = s3.list_objects_v2(Bucket="allowed-bucket", Prefix="events/").get("Contents", [])
    return [
        json.loads(s3.get_object(Bucket="allowed-bucket", Key=item["Key"])["Body"].read())
        for item in listed
    ]


def test_a_rule_delivers_matching_events_to_a_permitted_lambda_target(
    emulator_endpoint: str,
) -> None:
    boto3.client("s3").create_bucket(Bucket="allowed-bucket")
    function_arn = create_function()
    rule_arn = rule_to(function_arn)
    boto3.client("lambda").add_permission(
        FunctionName="probe",
        StatementId="events",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
        SourceArn=rule_arn,
    )
    put_backup_event()
    (event,) = delivered()
    assert event["source"] == "aws.backup"
    assert event["detail-type"] == "Restore Job State Change"
    assert event["detail"] == {"restoreJobId": "r-1", "status": "COMPLETED"}
    assert event["account"] == "123456789012"


def test_without_the_resource_policy_nothing_is_delivered(emulator_endpoint: str) -> None:
    boto3.client("s3").create_bucket(Bucket="allowed-bucket")
    rule_arn = rule_to(create_function())
    boto3.client("lambda").add_permission(
        FunctionName="probe",
        StatementId="other-rule",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
        SourceArn=rule_arn.replace("restores", "another-rule"),
    )
    put_backup_event()
    assert delivered() == []
