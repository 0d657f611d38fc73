"""ZipLambda runs a zip's handler in a fresh interpreter that sees only the zip and boto3."""

from __future__ import annotations

import zipfile
from pathlib import Path

import boto3
import pytest

from rehearsal.lambda_runtime import LambdaError, ZipLambda

HANDLERS = """
import os
import time

import boto3


def buckets(event, context):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=event["bucket"])
    return {
        "buckets": [b["Name"] for b in s3.list_buckets()["Buckets"]],
        "setting": os.environ.get("SETTING"),
        "remaining_positive": context.get_remaining_time_in_millis() > 0,
        "function": context.function_name,
    }


def imports(event, context):
    __import__(event["module"])


def fails(event, context):
    raise PermissionError("AccessDenied on purpose")


def sleeps(event, context):
    time.sleep(30)
"""
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture
def zip_path(tmp_path: Path) -> Path:
    path = tmp_path / "probe.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("probe/__init__.py", "")
        archive.writestr("probe/app.py", HANDLERS)
    return path


def lambda_for(
    zip_path: Path,
    function: str,
    environment: dict[str, str] | None = None,
    function_name: str = "probe",
    default_timeout_s: float = 60.0,
) -> ZipLambda:
    return ZipLambda(
        zip_path,
        f"probe.app.{function}",
        dict(CREDENTIALS),
        environment=environment or {},
        function_name=function_name,
        default_timeout_s=default_timeout_s,
    )


def test_handler_runs_from_the_zip_against_the_emulator(
    zip_path: Path, emulator_endpoint: str
) -> None:
    function = lambda_for(zip_path, "buckets", environment={"SETTING": "on"}, function_name="f1")
    result = function({"bucket": "made-by-lambda"})
    assert result == {
        "buckets": ["made-by-lambda"],
        "setting": "on",
        "remaining_positive": True,
        "function": "f1",
    }
    assert [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]] == ["made-by-lambda"]
    assert "probe.app" in function.invocations[0].zip_modules


@pytest.mark.parametrize(
    "module",
    [
        "crhelper",  # installed in the dev venv, but not in this zip
        "backup_org_policy_manager",  # importable in the repo, not in this zip
        "moto",
    ],
)
def test_only_the_zip_and_the_runtime_libraries_are_importable(zip_path: Path, module: str) -> None:
    with pytest.raises(LambdaError, match=f"ModuleNotFoundError: No module named '{module}'"):
        lambda_for(zip_path, "imports")({"module": module})


def test_runtime_libraries_are_importable(zip_path: Path) -> None:
    for module in ("boto3", "botocore", "jmespath", "dateutil", "urllib3"):
        assert lambda_for(zip_path, "imports")({"module": module}) is None


def test_a_handler_error_is_raised_with_its_logs_kept(zip_path: Path) -> None:
    function = lambda_for(zip_path, "fails")
    with pytest.raises(LambdaError, match="PermissionError: AccessDenied on purpose"):
        function({})
    assert "Traceback" in function.invocations[0].logs
    assert not function.invocations[0].ok


def test_a_handler_past_its_time_is_stopped(zip_path: Path) -> None:
    function = lambda_for(zip_path, "sleeps", default_timeout_s=0.5)
    with pytest.raises(LambdaError, match="timed out"):
        function({})
