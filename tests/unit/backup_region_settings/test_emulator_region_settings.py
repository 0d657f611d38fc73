"""The emulator's Region settings (``rehearsal.emulator.backup_region_settings``), through boto3."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from rehearsal.emulator import backup_region_settings
from rehearsal.emulator.backup_region_settings import DEFAULT_MANAGEMENT, DEFAULT_OPT_IN
from rehearsal.emulator.server import running_emulator
from tests.unit.backup_region_settings.conftest import region_settings


def test_a_new_region_answers_the_defaults(backup: Any) -> None:
    assert region_settings(backup) == {"opt_in": DEFAULT_OPT_IN, "management": DEFAULT_MANAGEMENT}


def test_update_changes_only_the_keys_sent(backup: Any) -> None:
    backup.update_region_settings(ResourceTypeOptInPreference={"S3": True})
    backup.update_region_settings(ResourceTypeManagementPreference={"DynamoDB": True})
    assert region_settings(backup) == {
        "opt_in": {**DEFAULT_OPT_IN, "S3": True},
        "management": {**DEFAULT_MANAGEMENT, "DynamoDB": True},
    }


@pytest.mark.parametrize(
    "arguments",
    [
        {"ResourceTypeOptInPreference": {"S3": True, "Tape": True}},
        {
            "ResourceTypeOptInPreference": {"S3": True},
            "ResourceTypeManagementPreference": {"RDS": True},
        },
    ],
)
def test_an_unknown_type_is_refused_and_nothing_changes(
    backup: Any, arguments: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as raised:
        backup.update_region_settings(**arguments)
    assert raised.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert region_settings(backup) == {"opt_in": DEFAULT_OPT_IN, "management": DEFAULT_MANAGEMENT}


def test_settings_are_per_account_and_region(backup: Any) -> None:
    backup.update_region_settings(ResourceTypeOptInPreference={"S3": True})
    other_region = boto3.client("backup", region_name="eu-west-1")
    assert region_settings(other_region)["opt_in"]["S3"] is False
    role = boto3.client("sts").assume_role(
        RoleArn="arn:aws:iam::111122223333:role/probe", RoleSessionName="probe"
    )["Credentials"]
    other_account = boto3.client(
        "backup",
        aws_access_key_id=role["AccessKeyId"],
        aws_secret_access_key=role["SecretAccessKey"],
        aws_session_token=role["SessionToken"],
    )
    assert region_settings(other_account)["opt_in"]["S3"] is False
    assert region_settings(backup)["opt_in"]["S3"] is True


def test_served_over_the_loopback_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server started after ``install()`` routes ``/account-settings`` too."""
    backup_region_settings.install()
    with running_emulator() as endpoint:
        client = boto3.client("backup", endpoint_url=endpoint)
        client.update_region_settings(ResourceTypeOptInPreference={"Timestream": True})
        assert region_settings(client)["opt_in"]["Timestream"] is True
