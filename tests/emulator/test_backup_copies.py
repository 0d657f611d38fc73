"""Copy jobs and restores against the emulator, in a small organization (management, member,
central account), with the vault access policies and key policies the repository's templates
write (rendered by the template tests' intrinsic renderer).

Each fault is injected into one policy or setting; the test checks the final state: the job's
state and StatusMessage, and whether a recovery point (or restored resource) exists.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from rehearsal.emulator.backup.copy_auth import ACCESS_DENIED, CROSS_ACCOUNT_DISABLED
from rehearsal.emulator.backup.copy_auth import NOT_SAME_ORGANIZATION as NOT_SAME_ORG
from tests.account_sessions import client_as
from tests.templates.deployments import deployments
from tests.templates.intrinsics import rendered

REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
ACCESS_ROLE = "OrganizationAccountAccessRole"
VAULT = "org-backup-vault"
CENTRAL_VAULT = "org-central-vault"
OUTSIDER = "999988887777"
KEY_NOT_ACCESSIBLE = "Given key ID is not accessible"
Policy = dict[str, Any]


@dataclass(frozen=True)
class Org:
    id: str
    management: str
    member: str
    central: str

    def role(self, account: str) -> str:
        return f"arn:aws:iam::{account}:role/backup-operator"


def client(account: str, service: str, region: str = REGION) -> Any:
    """A client acting as ``account`` (moto maps assumed-role credentials to the account)."""
    return client_as(account, service, region)


def template_policies(template: str, key: str, vault: str, account: str, org: Org) -> Policy:
    """The rendered KeyPolicy of ``key`` and AccessPolicy of ``vault`` for ``account``."""
    base = deployments(template)[0]
    parameters = base.parameters | {"OrganizationId": org.id, "CentralBackupAccountId": org.central}
    deployment = replace(base, account_id=account, region=REGION, parameters=parameters)
    resources = rendered(deployment)["Resources"]
    return {
        "key": resources[key]["Properties"]["KeyPolicy"],
        "vault": resources[vault]["Properties"]["AccessPolicy"],
    }


def member_policies(org: Org) -> Policy:
    return template_policies(
        "templates/member-account.yaml", "VaultKey", "MemberVault", org.member, org
    )


def central_policies(org: Org) -> Policy:
    return template_policies(
        "templates/central-backup-account.yaml", "CentralVaultKey", "CentralVault", org.central, org
    )


def without(policy: Policy, *sids: str) -> Policy:
    """``policy`` without the statements named ``sids`` (each must exist)."""
    found = {statement.get("Sid") for statement in policy["Statement"]}
    assert set(sids) <= found, f"{sids} not all in {found}"
    kept = [s for s in policy["Statement"] if s.get("Sid") not in sids]
    return {**policy, "Statement": copy.deepcopy(kept)}


def vault(account: str, name: str, key_policy: Policy, access: Policy | None, region: str) -> str:
    """A vault encrypted with a new key of ``key_policy``; returns the key ARN."""
    kms = client(account, "kms", region)
    key_arn = kms.create_key(Policy=json.dumps(key_policy))["KeyMetadata"]["Arn"]
    backup = client(account, "backup", region)
    backup.create_backup_vault(BackupVaultName=name, EncryptionKeyArn=key_arn)
    if access is not None:
        backup.put_backup_vault_access_policy(BackupVaultName=name, Policy=json.dumps(access))
    return str(key_arn)


def vault_arn(account: str, name: str, region: str = REGION) -> str:
    return f"arn:aws:backup:{region}:{account}:backup-vault:{name}"


def points_in(account: str, name: str, region: str = REGION) -> list[str]:
    backup = client(account, "backup", region)
    found = backup.list_recovery_points_by_backup_vault(BackupVaultName=name)["RecoveryPoints"]
    return [point["RecoveryPointArn"] for point in found]


@pytest.fixture
def org(aws: None) -> Org:
    """An organization with a member and a central account; cross-account backup enabled."""
    organizations = boto3.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    described = organizations.describe_organization()["Organization"]
    ids = [
        organizations.create_account(Email=f"{name}@example.com", AccountName=name)[
            "CreateAccountStatus"
        ]["AccountId"]
        for name in ("member", "central")
    ]
    found = Org(described["Id"], described["MasterAccountId"], ids[0], ids[1])
    boto3.client("backup").update_global_settings(
        GlobalSettings={"isCrossAccountBackupEnabled": "true"}
    )
    return found


@dataclass(frozen=True)
class Setup:
    """What a copy case changes: the policies, the volume's key, the global setting."""

    member_key: Callable[[Policy], Policy] = lambda p: p
    central_vault: Callable[[Policy], Policy] = lambda p: p
    central_key: Callable[[Policy], Policy] = lambda p: p
    aws_managed_volume_key: bool = False
    cross_account_disabled: bool = False
    outside_organization: bool = False


def build(org: Org, setup: Setup) -> tuple[str, str]:
    """Member vault and key, an EBS volume encrypted with the member key, its recovery point,
    and the central vault; returns (recovery point ARN, destination vault ARN)."""
    member, central = member_policies(org), central_policies(org)
    key_arn = vault(org.member, VAULT, setup.member_key(member["key"]), member["vault"], REGION)
    destination = OUTSIDER if setup.outside_organization else org.central
    vault(
        destination,
        CENTRAL_VAULT,
        setup.central_key(central["key"]),
        setup.central_vault(central["vault"]),
        REGION,
    )
    ec2 = client(org.member, "ec2")
    encryption = {} if setup.aws_managed_volume_key else {"KmsKeyId": key_arn}
    volume = ec2.create_volume(Size=8, AvailabilityZone=f"{REGION}a", Encrypted=True, **encryption)
    job = client(org.member, "backup").start_backup_job(
        BackupVaultName=VAULT,
        ResourceArn=f"arn:aws:ec2:{REGION}:{org.member}:volume/{volume['VolumeId']}",
        IamRoleArn=org.role(org.member),
    )
    if setup.cross_account_disabled:
        boto3.client("backup").update_global_settings(
            GlobalSettings={"isCrossAccountBackupEnabled": "false"}
        )
    return job["RecoveryPointArn"], vault_arn(destination, CENTRAL_VAULT)


def copy_to(account: str, point: str, source_vault: str, destination: str, role: str) -> Any:
    backup = client(account, "backup")
    started = backup.start_copy_job(
        RecoveryPointArn=point,
        SourceBackupVaultName=source_vault,
        DestinationBackupVaultArn=destination,
        IamRoleArn=role,
    )
    return backup.describe_copy_job(CopyJobId=started["CopyJobId"])["CopyJob"]


# (case id, setup, expected state, expected StatusMessage or None)
COPY_CASES = [
    ("templates-as-written", Setup(), "COMPLETED", None),
    (
        "central-vault-without-organization-grant",
        Setup(central_vault=lambda p: without(p, "OrganizationCopiesIn")),
        "FAILED",
        ACCESS_DENIED,
    ),
    (
        "member-key-without-central-grant",
        Setup(
            member_key=lambda p: without(
                p, "CentralAccountCopiesBackForRestore", "CentralAccountGrantsToBackup"
            )
        ),
        "FAILED",
        KEY_NOT_ACCESSIBLE,
    ),
    (
        "volume-with-aws-managed-key",
        Setup(aws_managed_volume_key=True),
        "FAILED",
        KEY_NOT_ACCESSIBLE,
    ),
    (
        "cross-account-backup-disabled",
        Setup(cross_account_disabled=True),
        "FAILED",
        CROSS_ACCOUNT_DISABLED,
    ),
    ("destination-outside-organization", Setup(outside_organization=True), "FAILED", NOT_SAME_ORG),
]


@pytest.mark.parametrize(
    ("setup", "state", "message"),
    [pytest.param(*row[1:], id=row[0]) for row in COPY_CASES],
)
def test_member_to_central_copy(org: Org, setup: Setup, state: str, message: str | None) -> None:
    point, destination = build(org, setup)

    job = copy_to(org.member, point, VAULT, destination, org.role(org.member))

    assert (job["State"], job.get("StatusMessage")) == (state, message)
    copies = points_in(destination.split(":")[4], CENTRAL_VAULT)
    if state == "COMPLETED":
        assert copies == [job["DestinationRecoveryPointArn"]]
        central = client(org.central, "backup")
        described = central.describe_recovery_point(
            BackupVaultName=CENTRAL_VAULT, RecoveryPointArn=copies[0]
        )
        assert described["EncryptionKeyArn"].split(":")[4] == org.central
        assert described["ResourceArn"] == job["ResourceArn"]
    else:
        assert copies == []
        assert "DestinationRecoveryPointArn" not in job
    listed = client(org.member, "backup").list_copy_jobs(ByState=state)["CopyJobs"]
    assert [j["CopyJobId"] for j in listed] == [job["CopyJobId"]]


def test_a_fully_managed_type_uses_the_vault_key(org: Org) -> None:
    """EFS recovery points are encrypted with the vault's key: the member vault key's policy
    decides, whatever key the file system has."""
    member = member_policies(org)
    no_central = without(
        member["key"], "CentralAccountCopiesBackForRestore", "CentralAccountGrantsToBackup"
    )
    vault(org.member, VAULT, no_central, member["vault"], REGION)
    central = central_policies(org)
    vault(org.central, CENTRAL_VAULT, central["key"], central["vault"], REGION)
    system = client(org.member, "efs").create_file_system(CreationToken="payments")
    point = client(org.member, "backup").start_backup_job(
        BackupVaultName=VAULT,
        ResourceArn=system["FileSystemArn"],
        IamRoleArn=org.role(org.member),
    )["RecoveryPointArn"]

    job = copy_to(
        org.member, point, VAULT, vault_arn(org.central, CENTRAL_VAULT), org.role(org.member)
    )

    assert (job["State"], job["StatusMessage"]) == ("FAILED", KEY_NOT_ACCESSIBLE)
    assert points_in(org.central, CENTRAL_VAULT) == []


def test_a_cross_region_copy_in_one_account_needs_no_organization_grant(org: Org) -> None:
    point, _ = build(org, Setup())
    member = member_policies(org)
    vault(org.member, VAULT, member["key"], None, OTHER_REGION)

    job = copy_to(
        org.member, point, VAULT, vault_arn(org.member, VAULT, OTHER_REGION), org.role(org.member)
    )

    assert job["State"] == "COMPLETED"
    assert points_in(org.member, VAULT, OTHER_REGION) == [job["DestinationRecoveryPointArn"]]


def test_the_copy_job_state_change_event_reaches_the_source_account(org: Org) -> None:
    sqs = client(org.member, "sqs")
    queue = sqs.create_queue(QueueName="copy-events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    events = client(org.member, "events")
    pattern = {"source": ["aws.backup"], "detail-type": ["Copy Job State Change"]}
    events.put_rule(Name="copies", EventPattern=json.dumps(pattern))
    events.put_targets(Rule="copies", Targets=[{"Id": "q", "Arn": queue_arn}])
    point, destination = build(
        org, Setup(central_vault=lambda p: without(p, "OrganizationCopiesIn"))
    )

    job = copy_to(org.member, point, VAULT, destination, org.role(org.member))

    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    details = [json.loads(m["Body"])["detail"] for m in messages]
    assert [(d["copyJobId"], d["state"], d["statusMessage"]) for d in details] == [
        (job["CopyJobId"], "FAILED", ACCESS_DENIED)
    ]


def _deny_decrypt(policy: Policy, role: str) -> Policy:
    deny = {
        "Sid": "NoRestoreByThisRole",
        "Effect": "Deny",
        "Principal": {"AWS": role},
        "Action": "kms:Decrypt",
        "Resource": "*",
    }
    return {**policy, "Statement": [*policy["Statement"], deny]}


@pytest.mark.parametrize("denied", [False, True], ids=["key-policy-allows", "key-policy-denies"])
def test_restore_from_the_central_copy_into_the_member_account(org: Org, denied: bool) -> None:
    """Member -> central copy, central -> member copy back, restore in the member account."""
    point, central_vault = build(org, Setup())
    to_central = copy_to(org.member, point, VAULT, central_vault, org.role(org.member))
    back = copy_to(
        org.central,
        to_central["DestinationRecoveryPointArn"],
        CENTRAL_VAULT,
        vault_arn(org.member, VAULT),
        org.role(org.central),
    )
    assert back["State"] == "COMPLETED", back.get("StatusMessage")
    member_backup = client(org.member, "backup")
    restored_point = member_backup.describe_recovery_point(
        BackupVaultName=VAULT, RecoveryPointArn=back["DestinationRecoveryPointArn"]
    )
    key_arn = restored_point["EncryptionKeyArn"]
    restore_role = org.role(org.member)
    if denied:
        kms = client(org.member, "kms")
        policy = json.loads(kms.get_key_policy(KeyId=key_arn, PolicyName="default")["Policy"])
        kms.put_key_policy(
            KeyId=key_arn,
            PolicyName="default",
            Policy=json.dumps(_deny_decrypt(policy, restore_role)),
        )
    volumes_before = len(client(org.member, "ec2").describe_volumes()["Volumes"])

    started = member_backup.start_restore_job(
        RecoveryPointArn=back["DestinationRecoveryPointArn"],
        IamRoleArn=restore_role,
        Metadata={"availabilityZone": f"{REGION}a"},
    )

    job = member_backup.describe_restore_job(RestoreJobId=started["RestoreJobId"])
    volumes = client(org.member, "ec2").describe_volumes()["Volumes"]
    if denied:
        assert (job["Status"], job["StatusMessage"]) == (
            "FAILED",
            f"User: {restore_role} is not authorized to perform: kms:Decrypt on resource: "
            f"{key_arn} with an explicit deny in a resource-based policy",
        )
        assert "CreatedResourceArn" not in job
        assert len(volumes) == volumes_before
    else:
        assert job["Status"] == "COMPLETED", job.get("StatusMessage")
        assert len(volumes) == volumes_before + 1
        created = job["CreatedResourceArn"].rsplit("/", 1)[-1]
        assert created in {volume["VolumeId"] for volume in volumes}


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (
            lambda b, o: b.start_copy_job(
                RecoveryPointArn="arn:aws:backup:us-east-1:1:recovery-point:none",
                SourceBackupVaultName=VAULT,
                DestinationBackupVaultArn=vault_arn(o.central, CENTRAL_VAULT),
                IamRoleArn=o.role(o.member),
            ),
            "ResourceNotFoundException",
        ),
        (lambda b, o: b.describe_copy_job(CopyJobId="no-such-job"), "ResourceNotFoundException"),
        (
            lambda b, o: b.update_global_settings(
                GlobalSettings={"isCrossAccountBackupEnabled": "on"}
            ),
            "InvalidRequestException",
        ),
        (
            lambda b, o: b.get_backup_vault_access_policy(BackupVaultName=VAULT),
            "ResourceNotFoundException",
        ),
    ],
    ids=[
        "unknown-recovery-point",
        "unknown-copy-job",
        "settings-from-a-member",
        "no-access-policy",
    ],
)
def test_request_errors_are_api_errors(
    org: Org, call: Callable[[Any, Org], Any], code: str
) -> None:
    backup = client(org.member, "backup")
    backup.create_backup_vault(BackupVaultName=VAULT)

    with pytest.raises(ClientError) as raised:
        call(backup, org)

    assert raised.value.response["Error"]["Code"] == code
    assert backup.list_copy_jobs()["CopyJobs"] == []


def test_global_settings_are_the_management_accounts(org: Org) -> None:
    backup = boto3.client("backup")
    backup.update_global_settings(GlobalSettings={"isCrossAccountBackupEnabled": "false"})

    settings = backup.describe_global_settings()

    assert settings["GlobalSettings"]["isCrossAccountBackupEnabled"] == "false"
    with pytest.raises(ClientError) as raised:
        backup.update_global_settings(GlobalSettings={"isCrossAccountBackupEnabled": "yes"})
    assert raised.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert backup.describe_global_settings()["GlobalSettings"] == settings["GlobalSettings"]


def test_the_routes_answer_over_the_server(emulator_endpoint: str) -> None:
    backup = boto3.client("backup")
    backup.create_backup_vault(BackupVaultName=VAULT)
    policy = {"Version": "2012-10-17", "Statement": []}

    backup.put_backup_vault_access_policy(BackupVaultName=VAULT, Policy=json.dumps(policy))

    stored = backup.get_backup_vault_access_policy(BackupVaultName=VAULT)
    assert json.loads(stored["Policy"]) == policy
    assert backup.list_copy_jobs()["CopyJobs"] == []
    with pytest.raises(ClientError) as raised:
        backup.describe_copy_job(CopyJobId="no-such-job")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
    backup.delete_backup_vault_access_policy(BackupVaultName=VAULT)
    with pytest.raises(ClientError):
        backup.get_backup_vault_access_policy(BackupVaultName=VAULT)
