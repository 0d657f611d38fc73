"""``backup-policy coverage --from-aws`` against the emulator in-process (``aws`` fixture):
the example organization and policies, real resources created in a member account in two
Regions (some never tagged, so only the services' list calls find them), the member's Region
settings, and effective policies read with ``DescribeEffectivePolicy``."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from rehearsal.emulator.faults import Fault, injected
from tests.cli.conftest import Run
from tests.cli.emulated_org import deploy_examples

ROLE = "OrganizationAccountAccessRole"


def _member_session(account_id: str) -> boto3.Session:
    found = boto3.client("sts", region_name="us-east-1").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/{ROLE}", RoleSessionName="setup"
    )["Credentials"]
    return boto3.Session(found["AccessKeyId"], found["SecretAccessKey"], found["SessionToken"])


def _create_resources(session: boto3.Session) -> None:
    dynamodb = session.client("dynamodb", region_name="us-east-1")
    for name, tags in (("orders", [{"Key": "backup", "Value": "daily"}]), ("scratch", [])):
        table = dynamodb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )["TableDescription"]
        if tags:
            dynamodb.tag_resource(ResourceArn=table["TableArn"], Tags=tags)
    s3 = session.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="statements-coverage")
    s3.put_bucket_tagging(
        Bucket="statements-coverage", Tagging={"TagSet": [{"Key": "backup", "Value": "daily"}]}
    )
    session.client("backup", region_name="us-east-1").update_region_settings(
        ResourceTypeOptInPreference={"S3": False}
    )
    rds = session.client("rds", region_name="us-east-1")
    rds.create_db_cluster(
        DBClusterIdentifier="ledger", Engine="aurora-postgresql", MasterUsername="admin",
        MasterUserPassword="password-123", Tags=[{"Key": "backup", "Value": "daily"}],
    )  # fmt: skip
    ec2 = session.client("ec2", region_name="eu-west-1")
    monthly = [{"Key": "backup", "Value": "monthly"}]
    ec2.create_volume(
        AvailabilityZone="eu-west-1a",
        Size=1,
        TagSpecifications=[{"ResourceType": "volume", "Tags": monthly}],
    )


@pytest.fixture
def member(aws: None) -> str:
    ids = deploy_examples(boto3.client("organizations", region_name="us-east-1"))
    account_id = ids["Root/Workloads/Prod/payments-prod"]
    _create_resources(_member_session(account_id))
    return account_id


def _run(cli: Run, account_id: str, *extra: str) -> dict[str, Any]:
    result = cli(
        "coverage", "--from-aws", "--regions", "us-east-1,eu-west-1", "--account", account_id,
        "--format", "json", *extra,
    )  # fmt: skip
    assert result.code == 0, result.err
    found: dict[str, Any] = json.loads(result.out)
    return found


def test_resources_are_read_and_judged(cli: Run, member: str) -> None:
    report = _run(cli, member)
    verdicts = {
        (r["region"], r["type"], r["arn"].rsplit(":", 1)[-1].split("/")[0], r["reason"])
        for r in report["resources"]
    }
    assert verdicts == {
        ("us-east-1", "DynamoDB", "table", None),  # orders: Daily-35
        ("us-east-1", "DynamoDB", "table", "no-selection-matched"),  # scratch: never tagged
        ("us-east-1", "S3", "statements-coverage", "opted-out"),
        ("us-east-1", "Aurora", "ledger", None),
        ("eu-west-1", "EBS", "volume", None),  # Monthly-366 runs in eu-west-1 too
    }
    plans = {
        r["arn"].rsplit("/", 1)[-1]: [p["plan"] for p in r["protected_by"]]
        for r in report["resources"]
        if r["protected"]
    }
    assert plans["orders"] == ["Daily-35"]
    assert report["accounts"][0]["account_id"] == member
    assert {o["ou"] for o in report["ous"]} == {"Root", "Root/Workloads", "Root/Workloads/Prod"}


def test_the_inventory_saved_from_aws_gives_the_same_report(
    cli: Run, member: str, tmp_path: Any
) -> None:
    saved = tmp_path / "inventory.json"
    live = _run(cli, member, "--save-inventory", str(saved))
    again = cli("coverage", "--inventory", saved, "--format", "json")
    assert again.code == 0, again.err
    assert json.loads(again.out)["resources"] == live["resources"]


def test_a_refused_call_is_one_line_and_exit_2(cli: Run, member: str) -> None:
    denied = Fault("organizations", frozenset({"DescribeEffectivePolicy"}), "AccessDeniedException")
    with injected(denied):
        result = cli("coverage", "--from-aws", "--regions", "us-east-1", "--account", member)
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip().splitlines() == [
        "backup-policy: error: DescribeEffectivePolicy: AccessDeniedException: injected fault"
    ]


def test_an_unknown_account_is_named(cli: Run, member: str) -> None:
    result = cli("coverage", "--from-aws", "--regions", "us-east-1", "--account", "999999999999")
    assert result.code == 2
    assert "--account 999999999999 is not in the organization" in result.err


def test_no_credentials_is_one_line_and_exit_2(
    cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # A session another test left behind would still hold its credentials.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    result = cli("coverage", "--from-aws", "--regions", "us-east-1", "--account", "self")
    assert result.code == 2
    (line,) = result.err.strip().splitlines()
    assert line.startswith("backup-policy: error: no usable AWS credentials")


def test_self_reads_the_callers_account_only(aws: None, cli: Run) -> None:
    boto3.client("dynamodb", region_name="us-east-1").create_table(
        TableName="alone",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    report = _run(cli, "self")
    assert [(r["arn"].rsplit("/", 1)[-1], r["reason"]) for r in report["resources"]] == [
        ("alone", "no-policy")
    ]


def test_an_unknown_region_is_a_usage_error_before_any_call(cli: Run) -> None:
    result = cli("coverage", "--from-aws", "--regions", "us-east-1,eu-bogus-9", "--account", "self")
    assert result.code == 2
    assert result.err == "backup-policy: error: --regions: eu-bogus-9 is not an AWS Region\n"
