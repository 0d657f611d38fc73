"""A small organization for the job-monitoring tests: management, home (delegated administrator
of AWS Backup, trusted access on) and one member account, each with a vault."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3

from tests.account_sessions import client_as

REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
ACCESS_ROLE = "OrganizationAccountAccessRole"
VAULT = "org-backup-vault"
BACKUP_PRINCIPAL = "backup.amazonaws.com"


@dataclass(frozen=True)
class MonitoredOrg:
    id: str
    management: str
    home: str
    member: str

    def role(self, account: str) -> str:
        return f"arn:aws:iam::{account}:role/backup-operator"


def client(account: str, service: str, region: str = REGION) -> Any:
    """A client acting as ``account`` (moto maps assumed-role credentials to the account)."""
    return client_as(account, service, region)


def monitored_org(*, trusted_access: bool = True) -> MonitoredOrg:
    """Create the organization (inside the ``aws`` fixture); vaults in both Regions."""
    organizations = boto3.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    described = organizations.describe_organization()["Organization"]
    home, member = (
        organizations.create_account(Email=f"{name}@example.com", AccountName=name)[
            "CreateAccountStatus"
        ]["AccountId"]
        for name in ("home", "member")
    )
    if trusted_access:
        organizations.enable_aws_service_access(ServicePrincipal=BACKUP_PRINCIPAL)
    organizations.register_delegated_administrator(
        AccountId=home, ServicePrincipal=BACKUP_PRINCIPAL
    )
    for account in (home, member):
        for region in (REGION, OTHER_REGION):
            client(account, "backup", region).create_backup_vault(BackupVaultName=VAULT)
    return MonitoredOrg(described["Id"], described["MasterAccountId"], home, member)


def table_arn(account: str, name: str = "orders", region: str = REGION) -> str:
    """A DynamoDB table in ``account``; its ARN."""
    created = client(account, "dynamodb", region).create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return str(created["TableDescription"]["TableArn"])
