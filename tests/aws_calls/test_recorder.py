"""The recorder: calls from function code are recorded (test code's are not), and a
packaged Lambda logs its calls and the keys it assumes."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from rehearsal.lambda_runtime import CALL_LOG_VARIABLE, ZipLambda
from tag_on_restore.adapters import ADAPTERS
from tests.aws_calls import recorder
from tests.aws_calls.recorder import Credentials

ACCOUNT = "123456789012"
REGION = "eu-west-1"


@pytest.fixture
def efs_stub() -> Iterator[Stubber]:
    stubber = Stubber(boto3.client("efs", region_name=REGION))
    stubber.activate()
    yield stubber
    stubber.deactivate()


def test_calls_from_function_code_are_recorded_and_test_code_calls_are_not(
    efs_stub: Stubber,
) -> None:
    answer: dict[str, Any] = {"FileSystems": []}
    efs_stub.add_response("describe_file_systems", answer)
    efs_stub.add_response("describe_file_systems", answer)
    before = len(recorder.in_process_calls())
    arn = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-0123abcd"

    efs_stub.client.describe_file_systems(FileSystemId="fs-test")
    with pytest.raises(Exception, match="resource not found"):
        ADAPTERS["EFS"].read_tags(efs_stub.client, arn)

    new = recorder.in_process_calls()[before:]
    assert [(c.function, c.service, c.operation, dict(c.params)) for c in new] == [
        ("tag_on_restore", "efs", "DescribeFileSystems", {"FileSystemId": "fs-0123abcd"})
    ]
    assert (new[0].region, new[0].account) == (REGION, recorder.DEFAULT_ACCOUNT)


PROBE = """
import boto3


def handler(event, context):
    sts = boto3.client("sts")
    keys = sts.assume_role(RoleArn=event["role"], RoleSessionName="probe")["Credentials"]
    boto3.client("s3").list_buckets()
    boto3.client(
        "s3",
        aws_access_key_id=keys["AccessKeyId"],
        aws_secret_access_key=keys["SecretAccessKey"],
        aws_session_token=keys["SessionToken"],
    ).list_buckets()
"""


def test_a_packaged_lambda_logs_its_calls_and_the_keys_it_assumes(
    emulator_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv(CALL_LOG_VARIABLE, str(log))
    archive = tmp_path / "probe.zip"
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("probe_fn/__init__.py", "")
        written.writestr("probe_fn/app.py", PROBE)
    credentials = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    role = "arn:aws:iam::210987654321:role/probe-target"

    ZipLambda(archive, "probe_fn.app.handler", credentials)({"role": role})

    calls, end = recorder.worker_calls(log, "this test")
    assert end == log.stat().st_size
    assert [(c.function, c.operation, c.where) for c in calls] == [
        ("probe_fn", "AssumeRole", "packaged"),
        ("probe_fn", "ListBuckets", "packaged"),
        ("probe_fn", "ListBuckets", "packaged"),
    ]
    assert calls[0].params == {"RoleArn": role, "RoleSessionName": "probe"}
    assert calls[1].credentials == Credentials(recorder.DEFAULT_ACCOUNT)
    assert calls[2].credentials == Credentials(
        "210987654321", "arn:aws:iam::210987654321:role/probe-target", "probe_fn"
    )
