"""The central copy-and-restore rehearsal on the real templates: the member stack (its
TagOnRestore and Region settings functions from the packaged zips, under their roles) in a
workload account and the central stack in the central account, as the StackSets name them;
then back up, copy to the central vault, lose the sources, copy back, restore, and check what
the deployed rule and function did. Key policies without the central account's grant make the
copy fail with AWS's message, and no recovery point appears.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import boto3
import pytest

from orgbackup import package
from rehearsal.flow.console import Console, StepError
from rehearsal.flow.copy_restore import STEPS, CopyRestoreTarget, run_copy_restore
from rehearsal.flow.copy_restore_stacks import CENTRAL_STACK_SET, MEMBER_STACK_SET
from rehearsal.flow.organization import build, credentials_for, session_for
from tests.templates.loader import load

pytestmark = pytest.mark.slow  # runs two packaged Lambdas in their own processes

REGION, OTHER_REGION = "us-east-1", "eu-west-1"
WORKLOAD, CENTRAL, HOME = "app-prod", "central-backup", "home"
Template = dict[str, Any]
Edit = Callable[[Template], Template]


@pytest.fixture(scope="module")
def code_zips() -> dict[str, bytes]:
    """The packaged zips of dist/ (built by ``python -m orgbackup.package`` when out of date)."""
    assert package.main(["tag_on_restore", "backup_region_settings"]) == 0
    dist = package.ROOT / "dist"
    manifest = json.loads((dist / "manifest.json").read_text())
    return {
        name: (dist / manifest[name]["path"]).read_bytes()
        for name in ("tag_on_restore", "backup_region_settings")
    }


@dataclass(frozen=True)
class Org:
    endpoint: str
    org_id: str
    accounts: dict[str, str]
    credentials: dict[str, dict[str, str]]

    def client(self, name: str, service: str, region: str = REGION) -> Any:
        session = session_for(self.credentials[name], region)
        return session.client(service, endpoint_url=self.endpoint)


@pytest.fixture
def org(emulator_endpoint: str) -> Org:
    organizations = boto3.client("organizations", region_name=REGION)
    sample = build(organizations)
    for region in (REGION, OTHER_REGION):
        boto3.client("backup", region_name=region).update_global_settings(
            GlobalSettings={"isCrossAccountBackupEnabled": "true"}
        )
    names = (WORKLOAD, CENTRAL, HOME)
    credentials = {
        n: credentials_for(sample.account_ids[n], emulator_endpoint, "rehearsal") for n in names
    }
    org_id = organizations.describe_organization()["Organization"]["Id"]
    return Org(emulator_endpoint, org_id, sample.account_ids, credentials)


def instance_name(stack_set: str) -> str:
    return f"StackSet-{stack_set}-{uuid.uuid4()}"


def create_stack(
    org: Org, account: str, name: str, template: Template, region: str = REGION, **parameters: str
) -> None:
    cloudformation = org.client(account, "cloudformation", region)
    cloudformation.create_stack(
        StackName=name,
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    events = cloudformation.describe_stack_events(StackName=name)["StackEvents"]
    reasons = [e.get("ResourceStatusReason") for e in events if "FAILED" in e["ResourceStatus"]]
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons


def upload(org: Org, zips: dict[str, bytes]) -> dict[str, str]:
    """The zips in the home account's artifact bucket of the Region; their keys by parameter."""
    s3 = org.client(HOME, "s3")
    s3.create_bucket(Bucket=f"org-backup-artifacts-{org.accounts[HOME]}-{REGION}")
    keys = {}
    for name, parameter in (
        ("tag_on_restore", "TagOnRestoreCodeKey"),
        ("backup_region_settings", "RegionSettingsCodeKey"),
    ):
        keys[parameter] = f"lambda/{name}-{hashlib.sha256(zips[name]).hexdigest()}.zip"
        s3.put_object(
            Bucket=f"org-backup-artifacts-{org.accounts[HOME]}-{REGION}",
            Key=keys[parameter],
            Body=zips[name],
        )
    return keys


def deploy(
    org: Org,
    zips: dict[str, bytes],
    member: Edit = lambda t: t,
    central: Edit = lambda t: t,
    central_region: str = REGION,
) -> CopyRestoreTarget:
    """The central and member stacks (templates edited by ``member``/``central``), and where
    the rehearsal runs."""
    create_stack(
        org,
        CENTRAL,
        instance_name(CENTRAL_STACK_SET),
        central(load("central-backup-account.yaml")),
        central_region,
        OrganizationId=org.org_id,
    )
    create_stack(
        org,
        WORKLOAD,
        instance_name(MEMBER_STACK_SET),
        member(load("member-account.yaml")),
        OrganizationId=org.org_id,
        CentralBackupAccountId=org.accounts[CENTRAL],
        HomeAccountId=org.accounts[HOME],
        **upload(org, zips),
    )
    return CopyRestoreTarget(
        endpoint=org.endpoint,
        region=REGION,
        workload_account_id=org.accounts[WORKLOAD],
        workload_credentials=org.credentials[WORKLOAD],
        central_account_id=org.accounts[CENTRAL],
        central_credentials=org.credentials[CENTRAL],
        central_region=central_region,
    )


def subscribe_to_failure_topic(org: Org) -> str:
    """A queue subscribed to the member stack's failure topic (found by its output); its URL."""
    (stack,) = [
        s
        for s in org.client(WORKLOAD, "cloudformation").describe_stacks()["Stacks"]
        if s["StackName"].startswith(f"StackSet-{MEMBER_STACK_SET}-")
    ]
    topic = next(o["OutputValue"] for o in stack["Outputs"] if o["OutputKey"] == "FailureTopicArn")
    sqs = org.client(WORKLOAD, "sqs")
    url = sqs.create_queue(QueueName="failures")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    org.client(WORKLOAD, "sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn["QueueArn"])
    return str(url)


def without_statements(logical_id: str, *sids: str) -> Edit:
    """A template edit: the key policy of ``logical_id`` without the statements ``sids``."""

    def edit(template: Template) -> Template:
        policy = template["Resources"][logical_id]["Properties"]["KeyPolicy"]
        kept = [s for s in policy["Statement"] if s.get("Sid") not in sids]
        assert len(kept) == len(policy["Statement"]) - len(sids)
        policy["Statement"] = kept
        return template

    return edit


def rehearse(target: CopyRestoreTarget) -> tuple[Console, str | None]:
    console = Console(STEPS, io.StringIO())
    try:
        run_copy_restore(target, console)
    except StepError as error:
        return console, str(error)
    return console, None


def checks(console: Console) -> dict[str, tuple[bool, Any]]:
    return {c.what: (c.ok, c.actual) for s in console.record.steps for c in s.checks}


def test_copy_to_central_and_restore_from_it_tags_the_restored_resources(
    org: Org, code_zips: dict[str, bytes]
) -> None:
    target = deploy(org, code_zips)

    console, error = rehearse(target)

    assert error is None
    assert console.record.ok, [c for _, c in console.record.failed_checks]
    assert len(console.record.steps) == STEPS
    backup = org.client(WORKLOAD, "backup")
    restores = backup.list_restore_jobs()["RestoreJobs"]
    assert sorted(j["ResourceType"] for j in restores) == ["DynamoDB", "EBS", "S3"]
    assert {j["Status"] for j in restores} == {"COMPLETED"}
    by_type = {j["ResourceType"]: j for j in restores}
    # The EBS volume is gone: its tags came from the backup, through the central copy, which
    # came back as an EBS snapshot of the workload account (read with DescribeSnapshots).
    assert by_type["EBS"]["RecoveryPointArn"].startswith(f"arn:aws:ec2:{REGION}::snapshot/snap-")
    volume_id = by_type["EBS"]["CreatedResourceArn"].rsplit("/", 1)[-1]
    tags = org.client(WORKLOAD, "ec2").describe_tags(
        Filters=[{"Name": "resource-id", "Values": [volume_id]}]
    )["Tags"]
    found = {t["Key"]: t["Value"] for t in tags}
    assert found["kubernetes.io/cluster/orders-eks"] == "owned"
    assert found["backup-plan"] == "disaster-recovery-rehearsal"  # the backup job's own tag
    assert found["backup:restore:restore-job-id"] == by_type["EBS"]["RestoreJobId"]
    member_vault = next(
        v["BackupVaultName"]
        for v in backup.list_backup_vaults()["BackupVaultList"]
        if v["BackupVaultName"] != "Default"
    )
    # Each restore used the copy back from the central vault, which is still in the member vault.
    points = backup.list_recovery_points_by_backup_vault(BackupVaultName=member_vault)
    assert {j["RecoveryPointArn"] for j in restores} <= {
        p["RecoveryPointArn"] for p in points["RecoveryPoints"]
    }
    central_points = org.client(CENTRAL, "backup").list_recovery_points_by_backup_vault(
        BackupVaultName="org-backup-central-vault"
    )["RecoveryPoints"]
    assert sorted(p["ResourceType"] for p in central_points) == ["DynamoDB", "EBS", "S3"]
    # The restored bucket holds the lost bucket's object.
    restored_bucket = by_type["S3"]["CreatedResourceArn"].rsplit(":", 1)[-1]
    body = org.client(WORKLOAD, "s3").get_object(Bucket=restored_bucket, Key="exports/orders.csv")
    assert body["Body"].read() == b"id,total\n1,42\n"


def test_central_vault_in_another_region_copies_across_accounts_and_regions(
    org: Org, code_zips: dict[str, bytes]
) -> None:
    target = deploy(org, code_zips, central_region=OTHER_REGION)

    console, error = rehearse(target)

    assert error is None
    assert console.record.ok, [c for _, c in console.record.failed_checks]
    central_points = org.client(
        CENTRAL, "backup", OTHER_REGION
    ).list_recovery_points_by_backup_vault(BackupVaultName="org-backup-central-vault")[
        "RecoveryPoints"
    ]
    assert {p["RecoveryPointArn"].split(":")[3] for p in central_points} == {OTHER_REGION}
    assert len(central_points) == len(target.cases)


def test_a_restored_resource_without_the_expected_tags_fails_its_check(
    org: Org, code_zips: dict[str, bytes]
) -> None:
    target = deploy(org, code_zips)
    (ebs, *others) = target.cases
    changed = replace(ebs, expected_source_tags={**ebs.tags, "team": "someone-else"})

    console, error = rehearse(replace(target, cases=(changed, *others)))

    assert error is None
    (failed,) = [c for _, c in console.record.failed_checks]
    assert failed.what == "restored orders-data carries its source's and provenance tags"
    assert (failed.expected["team"], failed.actual["team"]) == ("someone-else", "payments")


def test_member_key_without_the_central_grant_fails_the_copy_into_the_central_vault(
    org: Org, code_zips: dict[str, bytes]
) -> None:
    edit = without_statements(
        "VaultKey", "CentralAccountCopiesBackForRestore", "CentralAccountGrantsToBackup"
    )
    target = deploy(org, code_zips, member=edit)
    queue_url = subscribe_to_failure_topic(org)

    console, error = rehearse(target)

    assert error is not None
    assert "every copy into the central vault completed" in error
    ok, outcomes = checks(console)["every copy into the central vault completed"]
    assert not ok
    # S3 is fully managed: its recovery point is under the member vault's key, which the
    # central account may no longer use. The others are under their resources' own keys.
    assert outcomes["orders-exports"] == "FAILED: Given key ID is not accessible"
    assert outcomes["orders-data"] == "COMPLETED"
    central_points = org.client(CENTRAL, "backup").list_recovery_points_by_backup_vault(
        BackupVaultName="org-backup-central-vault"
    )["RecoveryPoints"]
    assert "S3" not in {p["ResourceType"] for p in central_points}
    assert org.client(WORKLOAD, "backup").list_restore_jobs()["RestoreJobs"] == []
    # The deployed JobFailedRule sent the failed copy to the member stack's failure topic.
    messages = org.client(WORKLOAD, "sqs").receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10
    )["Messages"]
    events = [json.loads(json.loads(m["Body"])["Message"]) for m in messages]
    assert [(e["detail-type"], e["detail"]["state"]) for e in events] == [
        ("Copy Job State Change", "FAILED")
    ]
    assert events[0]["detail"]["statusMessage"] == "Given key ID is not accessible"


def test_central_key_without_the_organization_grant_fails_the_copy_back(
    org: Org, code_zips: dict[str, bytes]
) -> None:
    edit = without_statements(
        "CentralVaultKey", "OrganizationCopiesInThroughBackup", "OrganizationGrantsToBackup"
    )
    target = deploy(org, code_zips, central=edit)

    console, error = rehearse(target)

    assert error is not None
    assert "every copy back into the member vault completed" in error
    ok, outcomes = checks(console)["every copy back into the member vault completed"]
    assert not ok
    assert set(outcomes.values()) == {"FAILED: Given key ID is not accessible"}, outcomes
    backup = org.client(WORKLOAD, "backup")
    vault = next(
        v["BackupVaultName"]
        for v in backup.list_backup_vaults()["BackupVaultList"]
        if v["BackupVaultName"] != "Default"
    )
    points = backup.list_recovery_points_by_backup_vault(BackupVaultName=vault)["RecoveryPoints"]
    assert len(points) == len(target.cases)  # the backups only: no copy came back
    assert backup.list_restore_jobs()["RestoreJobs"] == []
