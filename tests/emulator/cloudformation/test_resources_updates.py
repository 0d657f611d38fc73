"""Stack updates and deletes of the emulator's resource models: in place where the registry
schema allows it, replacement for create-only properties (refused for custom names, as AWS
refuses it), and deletes that fail where the service refuses them."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from rehearsal.flow.organization import SampleOrganization, build
from tests.emulator.cloudformation.conftest import Deploy, read_stack, repository_template

ORG_ID = "o-a1b2c3d4e5"
VAULT = "org-backup-central-vault"


def update(name: str, body: str, **parameters: str) -> Any:
    cloudformation = boto3.client("cloudformation")
    cloudformation.update_stack(
        StackName=name,
        TemplateBody=body,
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    return read_stack(cloudformation, name)


def test_vault_policy_and_lock_change_in_place(deploy: Deploy) -> None:
    body = repository_template("templates/central-backup-account.yaml")
    deploy("central", body, OrganizationId=ORG_ID, VaultLockMode="governance")
    backup = boto3.client("backup")
    arn = backup.describe_backup_vault(BackupVaultName=VAULT)["BackupVaultArn"]

    stack = update(
        "central", body, OrganizationId=ORG_ID, VaultLockMode="none", BreakGlassRoleName="keys"
    )
    assert stack.status == "UPDATE_COMPLETE", stack.events
    vault = backup.describe_backup_vault(BackupVaultName=VAULT)
    assert (vault["BackupVaultArn"], vault["Locked"]) == (arn, False)
    policy = json.loads(backup.get_backup_vault_access_policy(BackupVaultName=VAULT)["Policy"])
    denies = [s for s in policy["Statement"] if s["Sid"] == "OnlyBreakGlassDeletesRecoveryPoints"]
    assert denies[0]["Condition"]["ArnNotLike"]["aws:PrincipalArn"].endswith(":role/keys")


def test_a_create_only_change_of_a_named_vault_is_refused(deploy: Deploy) -> None:
    body = repository_template("templates/central-air-gapped-vault.yaml")
    deploy("air-gapped", body, OrganizationId=ORG_ID)
    stack = update("air-gapped", body, OrganizationId=ORG_ID, AirGappedMinRetentionDays="30")
    assert stack.status == "UPDATE_ROLLBACK_COMPLETE"
    assert (
        "UPDATE_FAILED",
        "CloudFormation cannot update a stack when a custom-named resource requires replacing. "
        "Rename org-backup-air-gapped-vault and update the stack again.",
    ) in stack.resource_events("AirGappedVault")
    vault = boto3.client("backup").describe_backup_vault(
        BackupVaultName="org-backup-air-gapped-vault"
    )
    assert vault["MinRetentionDays"] == 7


@pytest.fixture
def organization(aws: None) -> SampleOrganization:
    return build(boto3.client("organizations"))


def test_scp_targets_are_attached_and_detached_on_update(
    deploy: Deploy, organization: SampleOrganization
) -> None:
    body = repository_template("templates/scp-guardrails.yaml")
    accounts = {
        "HomeAccountId": organization.account_ids["home"],
        "CentralBackupAccountId": organization.account_ids["central-backup"],
    }
    workloads, security = organization.node_id("Workloads"), organization.node_id("Security")
    stack = deploy("guardrails", body, TargetIds=f"{workloads},{security}", **accounts)
    policy_id = stack.outputs()["GuardrailsPolicyId"]
    sandbox = organization.node_id("Sandbox")

    stack = update("guardrails", body, TargetIds=f"{security},{sandbox}", **accounts)
    assert stack.status == "UPDATE_COMPLETE", stack.events
    targets = boto3.client("organizations").list_targets_for_policy(PolicyId=policy_id)["Targets"]
    assert sorted(t["TargetId"] for t in targets) == sorted([security, sandbox])


def test_deleting_a_vault_with_recovery_points_fails_the_delete(deploy: Deploy) -> None:
    body = json.dumps(
        {
            "Resources": {
                "Vault": {
                    "Type": "AWS::Backup::BackupVault",
                    "Properties": {"BackupVaultName": "busy"},
                }
            }
        }
    )
    deploy("busy", body)
    volume = boto3.client("ec2").create_volume(Size=8, AvailabilityZone="us-east-1a")
    boto3.client("backup").start_backup_job(
        BackupVaultName="busy",
        ResourceArn=f"arn:aws:ec2:us-east-1:123456789012:volume/{volume['VolumeId']}",
        IamRoleArn="arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole",
    )
    cloudformation = boto3.client("cloudformation")
    cloudformation.delete_stack(StackName="busy")
    stack = read_stack(cloudformation, "busy")
    assert stack.status == "DELETE_FAILED"
    assert "contains recovery points" in stack.resource_events("Vault")[-1][1]
    assert boto3.client("backup").describe_backup_vault(BackupVaultName="busy")


def test_a_new_organization_id_updates_key_and_vault_policies(deploy: Deploy) -> None:
    body = repository_template("templates/central-backup-account.yaml")
    deploy("central", body, OrganizationId=ORG_ID)
    stack = update("central", body, OrganizationId="o-zzzzzzzzzz")
    assert stack.status == "UPDATE_COMPLETE", stack.events
    backup, kms = boto3.client("backup"), boto3.client("kms")
    key_id = backup.describe_backup_vault(BackupVaultName=VAULT)["EncryptionKeyArn"]
    key_policy = kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"]
    vault_policy = backup.get_backup_vault_access_policy(BackupVaultName=VAULT)["Policy"]
    for policy in (key_policy, vault_policy):
        assert "o-zzzzzzzzzz" in policy
        assert ORG_ID not in policy
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True


def test_role_trust_and_inline_policy_change_in_place(deploy: Deploy) -> None:
    body = repository_template("templates/break-glass-role.yaml")
    deploy("break-glass", body, TrustedPrincipalArns="arn:aws:iam::123456789012:user/a")
    stack = update(
        "break-glass",
        body,
        TrustedPrincipalArns="arn:aws:iam::123456789012:user/b",
        MemberVaultName="other-vault",
    )
    assert stack.status == "UPDATE_COMPLETE", stack.events
    iam = boto3.client("iam")
    role = iam.get_role(RoleName="org-backup-break-glass")["Role"]
    trust = role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
    assert trust == {"AWS": ["arn:aws:iam::123456789012:user/b"]}
    document = iam.get_role_policy(RoleName="org-backup-break-glass", PolicyName="backup-vaults")
    resources = document["PolicyDocument"]["Statement"][0]["Resource"]
    assert any(r.endswith(":backup-vault:other-vault") for r in resources)


ROLE_WITH_POLICIES = """
Parameters:
  OwnPolicy: {Type: String}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: updated-role
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com},
                     Action: "sts:AssumeRole"}]
      Policies:
        - PolicyName: !Ref OwnPolicy
          PolicyDocument:
            Version: "2012-10-17"
            Statement: [{Effect: Allow, Action: "sqs:ListQueues", Resource: "*"}]
  Separate:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Role
      PolicyName: separate
      PolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Action: "sns:ListTopics", Resource: "*"}]
"""


def test_a_role_update_keeps_the_inline_policy_a_role_policy_resource_owns(
    deploy: Deploy,
) -> None:
    # The role's handler replaces only the policies of its own Policies property:
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-rolepolicy.html
    deploy("roles", ROLE_WITH_POLICIES, OwnPolicy="first")
    stack = update("roles", ROLE_WITH_POLICIES, OwnPolicy="second")
    assert stack.status == "UPDATE_COMPLETE", stack.events
    names = boto3.client("iam").list_role_policies(RoleName="updated-role")["PolicyNames"]
    assert sorted(names) == ["second", "separate"]
