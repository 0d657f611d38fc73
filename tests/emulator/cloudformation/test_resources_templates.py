"""The repository's templates, unchanged, deployed on the emulator's CloudFormation: every
resource is created and the service APIs read back what the template says."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import boto3
import pytest

from rehearsal.flow.organization import SampleOrganization, build
from tests.emulator.cloudformation.conftest import Deploy, read_stack, repository_template

ORG_ID = "o-a1b2c3d4e5"
CONNECTION = (
    "arn:aws:codeconnections:us-east-1:123456789012:connection/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
)


def statements(policy: str) -> dict[str, dict[str, Any]]:
    return {s["Sid"]: s for s in json.loads(policy)["Statement"]}


@pytest.fixture
def organization(aws: None) -> SampleOrganization:
    return build(boto3.client("organizations"))


def test_central_vault_has_its_key_policy_lock_and_outputs(deploy: Deploy) -> None:
    stack = deploy(
        "central",
        repository_template("templates/central-backup-account.yaml"),
        OrganizationId=ORG_ID,
        VaultLockMode="compliance",
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    backup, kms = boto3.client("backup"), boto3.client("kms")
    vault = backup.describe_backup_vault(BackupVaultName="org-backup-central-vault")
    key_id = vault["EncryptionKeyArn"]
    assert stack.outputs() == {
        "CentralVaultName": "org-backup-central-vault",
        "CentralVaultArn": vault["BackupVaultArn"],
        "CentralVaultKeyArn": key_id,
    }
    # Compliance mode: locked, with the changeable period of 3 days.
    assert (vault["Locked"], vault["MinRetentionDays"], vault["MaxRetentionDays"]) == (
        True,
        7,
        3650,
    )
    lock_after = vault["LockDate"] - vault["CreationDate"]
    assert abs(lock_after - timedelta(days=3)) < timedelta(seconds=1)
    policy = statements(
        backup.get_backup_vault_access_policy(BackupVaultName="org-backup-central-vault")["Policy"]
    )
    assert policy["OrganizationCopiesIn"]["Condition"] == {
        "StringEquals": {"aws:PrincipalOrgID": ORG_ID}
    }
    assert policy["OnlyBreakGlassDeletesRecoveryPoints"]["Effect"] == "Deny"
    key_policy = statements(kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"])
    assert key_policy["OrganizationCopiesInThroughBackup"]["Condition"]["StringEquals"] == {
        "aws:PrincipalOrgID": ORG_ID,
        "kms:ViaService": "backup.us-east-1.amazonaws.com",
    }
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True
    aliases = kms.list_aliases(KeyId=key_id)["Aliases"]
    assert [a["AliasName"] for a in aliases] == ["alias/org-backup-central-vault"]


@pytest.mark.parametrize(
    ("mode", "locked", "has_lock_date"),
    [("governance", True, False), ("none", False, False)],
)
def test_vault_lock_follows_the_mode(
    deploy: Deploy, mode: str, locked: bool, has_lock_date: bool
) -> None:
    stack = deploy(
        "central",
        repository_template("templates/central-backup-account.yaml"),
        OrganizationId=ORG_ID,
        VaultLockMode=mode,
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    vault = boto3.client("backup").describe_backup_vault(BackupVaultName="org-backup-central-vault")
    assert vault["Locked"] is locked
    assert ("LockDate" in vault) is has_lock_date


def test_deleting_the_central_stack_keeps_the_retained_vault_and_key(deploy: Deploy) -> None:
    deploy(
        "central",
        repository_template("templates/central-backup-account.yaml"),
        OrganizationId=ORG_ID,
    )
    cloudformation, backup, kms = (
        boto3.client("cloudformation"),
        boto3.client("backup"),
        boto3.client("kms"),
    )
    key_id = backup.describe_backup_vault(BackupVaultName="org-backup-central-vault")[
        "EncryptionKeyArn"
    ]
    cloudformation.delete_stack(StackName="central")
    assert backup.describe_backup_vault(BackupVaultName="org-backup-central-vault")
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
    assert kms.list_aliases(KeyId=key_id)["Aliases"] == []  # the alias had no Retain


def test_air_gapped_vault_is_of_its_type_with_retention_and_policy(deploy: Deploy) -> None:
    stack = deploy(
        "air-gapped",
        repository_template("templates/central-air-gapped-vault.yaml"),
        OrganizationId=ORG_ID,
        AirGappedMinRetentionDays="14",
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    backup = boto3.client("backup")
    vault = backup.describe_backup_vault(BackupVaultName="org-backup-air-gapped-vault")
    assert vault["VaultType"] == "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
    assert (vault["MinRetentionDays"], vault["MaxRetentionDays"]) == (14, 3650)
    assert stack.outputs() == {"AirGappedVaultArn": vault["BackupVaultArn"]}
    policy = statements(
        backup.get_backup_vault_access_policy(BackupVaultName="org-backup-air-gapped-vault")[
            "Policy"
        ]
    )
    assert set(policy) == {
        "OrganizationCopiesIn",
        "OnlyBreakGlassDeletesRecoveryPoints",
        "OnlyDeployerAndBreakGlassChangeThisPolicy",
    }


def test_break_glass_role_has_its_trust_and_inline_policy(deploy: Deploy) -> None:
    trusted = "arn:aws:iam::123456789012:user/ops"
    stack = deploy(
        "break-glass",
        repository_template("templates/break-glass-role.yaml"),
        TrustedPrincipalArns=trusted,
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    iam = boto3.client("iam")
    role = iam.get_role(RoleName="org-backup-break-glass")["Role"]
    assert role["MaxSessionDuration"] == 3600
    trust = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert (trust["Principal"], trust["Condition"]["Bool"]) == (
        {"AWS": [trusted]},
        {"aws:MultiFactorAuthPresent": "true"},
    )
    document = iam.get_role_policy(RoleName="org-backup-break-glass", PolicyName="backup-vaults")
    sids = [s["Sid"] for s in document["PolicyDocument"]["Statement"]]
    assert sids == [
        "ReadSolutionVaults",
        "ChangeSolutionVaultPolicies",
        "DeleteOrExpireRecoveryPoints",
    ]


def test_artifact_bucket_is_versioned_private_logged_and_expires_old_versions(
    deploy: Deploy,
) -> None:
    stack = deploy(
        "artifacts", repository_template("templates/artifact-bucket.yaml"), OrganizationId=ORG_ID
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    s3 = boto3.client("s3")
    bucket = stack.outputs()["ArtifactBucketName"]
    assert bucket == "org-backup-artifacts-123456789012-us-east-1"
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    encryption = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]
    assert encryption["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert block == dict.fromkeys(
        ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"], True
    )
    ownership = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]
    assert ownership["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    (rule,) = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert rule["ID"] == "ExpireNoncurrentVersionsOnly"
    assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == 365
    assert rule["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 7}
    assert "Expiration" not in rule  # current objects never expire
    logging_enabled = s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"]
    assert logging_enabled == {
        "TargetBucket": "org-backup-artifacts-logs-123456789012-us-east-1",
        "TargetPrefix": "artifacts/",
    }
    policy = statements(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    assert policy["OrganizationReadsLambdaCode"]["Condition"] == {
        "StringEquals": {"aws:PrincipalOrgID": ORG_ID}
    }


def test_guardrail_scp_is_attached_to_its_targets(
    deploy: Deploy, organization: SampleOrganization
) -> None:
    targets = [organization.node_id("Workloads"), organization.node_id("Security")]
    stack = deploy(
        "guardrails",
        repository_template("templates/scp-guardrails.yaml"),
        TargetIds=",".join(targets),
        HomeAccountId=organization.account_ids["home"],
        CentralBackupAccountId=organization.account_ids["central-backup"],
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    org = boto3.client("organizations")
    policy_id = stack.outputs()["GuardrailsPolicyId"]
    policy = org.describe_policy(PolicyId=policy_id)["Policy"]
    assert policy["PolicySummary"]["Type"] == "SERVICE_CONTROL_POLICY"
    assert "ProtectSolutionVaults" in statements(policy["Content"])
    attached = org.list_targets_for_policy(PolicyId=policy_id)["Targets"]
    assert sorted(t["TargetId"] for t in attached) == sorted(targets)

    boto3.client("cloudformation").delete_stack(StackName="guardrails")
    names = [p["Name"] for p in org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]]
    assert "org-backup-guardrails" not in names


def test_management_account_delegates_backup_policies_to_the_home_account(
    deploy: Deploy, organization: SampleOrganization
) -> None:
    org = boto3.client("organizations")
    org_id = org.describe_organization()["Organization"]["Id"]
    home = organization.account_ids["home"]
    stack = deploy(
        "management",
        repository_template("templates/management-account.yaml"),
        OrganizationId=org_id,
        HomeAccountId=home,
        CreatePolicyManagerRole="true",
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    found = org.describe_resource_policy()["ResourcePolicy"]
    assert found["ResourcePolicySummary"]["Id"] == stack.outputs()["DelegationPolicyId"]
    content = statements(found["Content"])
    assert content["CreateBackupPoliciesOnly"]["Principal"] == {"AWS": f"arn:aws:iam::{home}:root"}
    role = boto3.client("iam").get_role(RoleName="org-backup-policy-manager")["Role"]
    assert stack.outputs()["PolicyManagerRoleArn"] == role["Arn"]

    boto3.client("cloudformation").delete_stack(StackName="management")
    with pytest.raises(org.exceptions.ClientError, match="ResourcePolicyNotFoundException"):
        org.describe_resource_policy()


def test_pipeline_stack_creates_its_projects_and_pipeline(deploy: Deploy) -> None:
    stack = deploy(
        "org-backup-pipeline",
        repository_template("pipeline/pipeline.yaml"),
        ConnectionArn=CONNECTION,
        FullRepositoryId="example-org/org-backup",
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    pipeline = boto3.client("codepipeline").get_pipeline(name="org-backup-pipeline-deploy")[
        "pipeline"
    ]
    source = pipeline["stages"][0]["actions"]
    assert [a["actionTypeId"]["provider"] for a in source] == ["CodeStarSourceConnection"]
    assert source[0]["configuration"]["ConnectionArn"] == CONNECTION
    assert source[0]["configuration"]["DetectChanges"] == "true"
    key_arn = stack.outputs()["PipelineKeyArn"]
    assert pipeline["artifactStore"]["encryptionKey"] == {"type": "KMS", "id": key_arn}
    assert pipeline["pipelineType"] == "V2"
    projects = boto3.client("codebuild").batch_get_projects(
        names=[f"org-backup-pipeline-{n}" for n in ("validate", "test", "package", "publish")]
    )["projects"]
    assert len(projects) == 4
    assert {p["encryptionKey"] for p in projects} == {key_arn}
    validate = next(p for p in projects if p["name"].endswith("-validate"))
    assert validate["source"]["buildspec"] == "buildspecs/validate.yml"
    assert validate["environment"]["environmentVariables"] == [
        {"name": "CONFIG", "value": "deploy/config.yaml"}
    ]
    assert read_stack(boto3.client("cloudformation"), "org-backup-pipeline").status == (
        "CREATE_COMPLETE"
    )


def test_the_emulator_server_deploys_the_same(emulator_endpoint: str) -> None:
    # The rehearsal talks to the emulator as a server: the added routes must be served there.
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(
        StackName="air-gapped",
        TemplateBody=repository_template("templates/central-air-gapped-vault.yaml"),
        Parameters=[{"ParameterKey": "OrganizationId", "ParameterValue": ORG_ID}],
    )
    assert read_stack(cloudformation, "air-gapped").status == "CREATE_COMPLETE"
    backup = boto3.client("backup")
    vault = backup.describe_backup_vault(BackupVaultName="org-backup-air-gapped-vault")
    assert vault["VaultType"] == "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
    policy = backup.get_backup_vault_access_policy(BackupVaultName="org-backup-air-gapped-vault")
    assert "OrganizationCopiesIn" in statements(policy["Policy"])
    backup.create_logically_air_gapped_backup_vault(
        BackupVaultName="direct", MinRetentionDays=7, MaxRetentionDays=30
    )
    assert backup.describe_backup_vault(BackupVaultName="direct")["MaxRetentionDays"] == 30
