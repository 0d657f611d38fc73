"""What the StackSets and stacks would have created, done directly in the emulator (moto's
CloudFormation cannot run Backup, StackSet or custom resources): member and central vaults,
backup roles, the artifact bucket with the policy document, and the management role.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import boto3

from local.rehearsal.organization import MANAGEMENT, SampleOrganization, session_for
from local.rehearsal.scenario import POLICIES, REGION, Names, Scenario


def _trust(principal: dict[str, str]) -> str:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@dataclass(frozen=True, slots=True)
class Deployed:
    """What later steps need: where the policy document is, and the vault and role ARNs."""

    policy_bucket: str
    policy_keys: dict[str, str]  # policy file name -> content-addressed key
    central_vault_arn: str
    management_role_arn: str
    member_role_arns: dict[str, str]


def _member_baseline(session: boto3.Session, endpoint: str, names: Names) -> str:
    backup = session.client("backup", endpoint_url=endpoint)
    backup.create_backup_vault(BackupVaultName=names.member_vault)
    iam = session.client("iam", endpoint_url=endpoint)
    role = iam.create_role(
        RoleName=names.member_role,
        AssumeRolePolicyDocument=_trust({"Service": "backup.amazonaws.com"}),
    )
    return str(role["Role"]["Arn"])


def deploy(
    organization: SampleOrganization,
    credentials: dict[str, dict[str, str]],
    endpoint: str,
    names: Names,
    scenario: Scenario,
) -> Deployed:
    """Create every account's baseline, the central vault, the artifact bucket and the role."""
    member_roles = {}
    for account in organization.account_ids:
        if account != MANAGEMENT:
            session = session_for(credentials[account], REGION)
            member_roles[account] = _member_baseline(session, endpoint, names)
    central = session_for(credentials["central-backup"], REGION).client(
        "backup", endpoint_url=endpoint
    )
    central_vault_arn = central.create_backup_vault(BackupVaultName=names.central_vault)[
        "BackupVaultArn"
    ]
    home_id = organization.account_ids["home"]
    bucket = f"{names.artifact_prefix}-{home_id}-{REGION}"
    s3 = session_for(credentials["home"], REGION).client("s3", endpoint_url=endpoint)
    s3.create_bucket(Bucket=bucket)
    keys = {}
    for file in (scenario.policy_file, scenario.tier_policy_file):
        body = (POLICIES / file).read_bytes()
        keys[file] = (
            f"policies/{file.removesuffix('.json')}-{hashlib.sha256(body).hexdigest()}.json"
        )
        s3.put_object(Bucket=bucket, Key=keys[file], Body=body)
    iam = session_for(credentials[MANAGEMENT], REGION).client("iam", endpoint_url=endpoint)
    role = iam.create_role(
        RoleName=names.management_role,
        AssumeRolePolicyDocument=_trust({"AWS": f"arn:aws:iam::{home_id}:root"}),
    )
    return Deployed(bucket, keys, central_vault_arn, str(role["Role"]["Arn"]), member_roles)
