"""A member account named in the organization's delegation policy manages backup policies
through the organization; what the policy does not allow stays refused."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.account_sessions import client_as

BACKUP_POLICY = json.dumps({"plans": {}})


def _delegate(org: Any, account: str) -> None:
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": ["organizations:CreatePolicy", "organizations:ListPolicies"],
        "Resource": "*",
        "Condition": {"StringEquals": {"organizations:PolicyType": "BACKUP_POLICY"}},
    }
    org.put_resource_policy(Content=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))


def _member_client(account: str) -> Any:
    return client_as(account, "organizations")


@pytest.fixture
def member(aws: None) -> tuple[Any, Any]:
    """(management client, the member account's client), BACKUP_POLICY enabled."""
    org = boto3.client("organizations", region_name="us-east-1")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="BACKUP_POLICY")
    account = org.create_account(Email="home@example.com", AccountName="home")
    account_id = account["CreateAccountStatus"]["AccountId"]
    _delegate(org, account_id)
    return org, _member_client(account_id)


def test_the_delegated_account_creates_a_backup_policy_in_the_organization(
    member: tuple[Any, Any],
) -> None:
    org, home = member
    created = home.create_policy(
        Name="daily", Description="", Content=BACKUP_POLICY, Type="BACKUP_POLICY"
    )["Policy"]["PolicySummary"]
    names = [p["Name"] for p in org.list_policies(Filter="BACKUP_POLICY")["Policies"]]
    assert names == ["daily"]
    assert [p["Id"] for p in home.list_policies(Filter="BACKUP_POLICY")["Policies"]] == [
        created["Id"]
    ]


def test_what_the_delegation_policy_does_not_allow_is_refused(member: tuple[Any, Any]) -> None:
    org, home = member
    with pytest.raises(ClientError) as error:
        home.create_policy(Name="scp", Description="", Content="{}", Type="SERVICE_CONTROL_POLICY")
    assert error.value.response["Error"]["Code"] == "AWSOrganizationsNotInUseException"
    assert [p["Name"] for p in org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]] == [
        "FullAWSAccess"
    ]
