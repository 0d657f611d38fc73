"""The bootstrap command against the emulator on 127.0.0.1: it creates what the emulator can
hold, prints the rest, and refuses a bad configuration before any AWS call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml

from local.deploy.bootstrap import main
from tests.deploy.conftest import EXAMPLE_CONFIG, ROOT

HOME = "222222222222"
# The emulator skips the bucket policies it does not model; the bootstrap says so itself.
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS.+S3.+BucketPolicy:UserWarning")


def _home_client(service: str, region: str) -> Any:
    """A client acting as the home account (moto: assumed-role credentials act as that account)."""
    credentials = boto3.client("sts", region_name="us-east-1").assume_role(
        RoleArn=f"arn:aws:iam::{HOME}:role/OrganizationAccountAccessRole", RoleSessionName="tests"
    )["Credentials"]
    return boto3.client(
        service,
        region_name=region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def _run(*extra: str) -> int:
    return main(
        [
            "--config",
            str(EXAMPLE_CONFIG),
            "--root",
            str(ROOT),
            "--poll",
            "1",
            "--skip-preflight",
            *extra,
        ]
    )


def test_creates_the_stacks_the_emulator_holds_and_prints_the_rest(
    emulator_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run("--execute", "--endpoint-url", emulator_endpoint)

    out = capsys.readouterr().out
    assert code == 0
    for region in ("eu-west-1", "eu-central-1"):
        stack = _home_client("cloudformation", region).describe_stacks(
            StackName="org-backup-artifacts"
        )["Stacks"][0]
        assert stack["StackStatus"] == "CREATE_COMPLETE"
        bucket = f"org-backup-artifacts-{HOME}-{region}"
        _home_client("s3", region).head_bucket(Bucket=bucket)
    assert "would create (the emulator has no AWS::Organizations::ResourcePolicy)" in out
    assert "would create (the emulator has no AWS::CodeBuild::Project, AWS::CodePipeline" in out
    assert "aws cloudformation deploy --region eu-west-1 --stack-name org-backup-pipeline" in out
    assert "note: the emulator does not model AWS::S3::BucketPolicy" in out
    summary = out.split("summary")[1].split()
    assert summary == [
        "org-backup-management", "would", "create",
        "org-backup-artifacts", "created",
        "org-backup-artifacts", "created",
        "org-backup-pipeline", "would", "create",
        "org-backup-scp-guardrails", "would", "create",
    ]  # fmt: skip


def test_a_second_run_updates_in_place(
    emulator_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("--execute", "--endpoint-url", emulator_endpoint) == 0
    assert _run("--execute", "--endpoint-url", emulator_endpoint) == 0

    out = capsys.readouterr().out.split("summary")[-1]
    assert "created" not in out
    stacks = _home_client("cloudformation", "eu-west-1").describe_stacks()["Stacks"]
    assert [stack["StackName"] for stack in stacks] == ["org-backup-artifacts"]


def test_without_execute_it_prints_and_changes_nothing(
    emulator_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("--endpoint-url", emulator_endpoint) == 0

    out = capsys.readouterr().out
    assert "aws organizations enable-policy-type --policy-type BACKUP_POLICY" in out
    assert out.count("aws cloudformation deploy") == 5
    assert "Nothing was changed" in out
    assert _home_client("cloudformation", "eu-west-1").describe_stacks()["Stacks"] == []


def test_a_bad_configuration_exits_non_zero_naming_the_field_before_any_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    data["home"]["region"] = "eu-west"
    bad = tmp_path / "config.yaml"
    bad.write_text(yaml.safe_dump(data))

    # Port 9 on the loopback: any AWS call would fail with a connection error, not exit 2.
    code = main(["--config", str(bad), "--execute", "--endpoint-url", "http://127.0.0.1:9"])

    captured = capsys.readouterr()
    assert code == 2
    assert "$.home.region: 'eu-west' is not an AWS Region" in captured.err
    assert "Stacks" not in captured.out


def test_a_missing_template_is_reported_before_any_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--config", str(EXAMPLE_CONFIG), "--root", str(tmp_path), "--execute"])

    assert code == 1
    assert "management-account.yaml cannot be read" in capsys.readouterr().err


def test_preflight_stops_the_bootstrap_before_any_stack(
    emulator_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The example names an organization the emulator does not have.
    code = main(["--config", str(EXAMPLE_CONFIG), "--root", str(ROOT), "--execute",
                 "--endpoint-url", emulator_endpoint])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert "FAIL  organization id: the credentials' account is in no organization" in captured.out
    assert "nothing was created" in captured.err
    assert _home_client("cloudformation", "eu-west-1").describe_stacks()["Stacks"] == []
