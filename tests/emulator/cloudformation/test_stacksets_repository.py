"""The repository's templates/stacksets.yaml, unchanged, deployed from the home account as the
StackSets delegated administrator, with its StackSet bodies read from an emulated artifact
bucket by their content-addressed URLs: the central vault and the break-glass role land in the
central account as ``StackSet-<name>-<uuid>`` stacks.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.emulator.cloudformation.test_stacksets import UUID, Org, build_org, member_stacks

REPO = Path(__file__).resolve().parents[3]
BODIES = {
    "CentralTemplateUrl": "central-backup-account",
    "MemberTemplateUrl": "member-account",
    "AirGappedTemplateUrl": "central-air-gapped-vault",
    "BreakGlassTemplateUrl": "break-glass-role",
    "RestoreTestingTemplateUrl": "member-restore-testing",
    "AuditFrameworkTemplateUrl": "audit-framework",
}
NO_CODE = "0" * 64


def upload_bodies(org: Org, bucket: str) -> dict[str, str]:
    """Put each StackSet body under ``templates/<name>-<sha256>.yaml``; their URLs by parameter."""
    s3 = org.session("home").client("s3")
    s3.create_bucket(Bucket=bucket)
    urls = {}
    for parameter, name in BODIES.items():
        body = (REPO / "templates" / f"{name}.yaml").read_bytes()
        key = f"templates/{name}-{hashlib.sha256(body).hexdigest()}.yaml"
        s3.put_object(Bucket=bucket, Key=key, Body=body)
        urls[parameter] = f"https://{bucket}.s3.us-east-1.amazonaws.com/{key}"
    return urls


@pytest.fixture
def org(aws: None) -> Org:
    org = build_org()
    security = org.client.create_organizational_unit(ParentId=org.root, Name="Security")
    org.ous["Security"] = security["OrganizationalUnit"]["Id"]
    empty = org.client.create_organizational_unit(ParentId=org.root, Name="Empty")
    org.ous["Empty"] = empty["OrganizationalUnit"]["Id"]
    org.new_account("central", "Security")
    return org


def parameters(org: Org, urls: dict[str, str]) -> list[dict[str, str]]:
    values = {
        "CallAs": "DELEGATED_ADMIN",
        "OrganizationId": org.client.describe_organization()["Organization"]["Id"],
        "HomeAccountId": org.accounts["home"],
        "CentralBackupAccountId": org.accounts["central"],
        "CentralAccountOuId": org.ous["Security"],
        "CentralRegions": "us-east-1",
        # No member accounts: the member body's custom resource needs the emulator as a server
        # and its backup role AWS managed policies; its body is still read and checked here.
        "TargetOuIds": org.ous["Empty"],
        "TargetRegions": "us-east-1",
        "AirGappedRegions": "us-east-1",
        "ManagementAccountId": org.management,
        "TagOnRestoreCodeKey": f"lambda/tag_on_restore-{NO_CODE}.zip",
        "RegionSettingsCodeKey": f"lambda/backup_region_settings-{NO_CODE}.zip",
        "RestoreValidationCodeKey": f"lambda/restore_validation-{NO_CODE}.zip",
        **urls,
    }
    return [{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()]


def test_repository_stacksets_template_deploys_its_bodies_from_s3(org: Org) -> None:
    home = org.session("home").client("cloudformation")
    bucket = f"org-backup-artifacts-{org.accounts['home']}-us-east-1"
    template = (REPO / "templates" / "stacksets.yaml").read_text()

    home.create_stack(
        StackName="org-backup-stacksets",
        TemplateBody=template,
        Parameters=parameters(org, upload_bodies(org, bucket)),
    )

    stack = home.describe_stacks(StackName="org-backup-stacksets")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
    names = sorted(s["StackName"] for s in member_stacks(org, "central", "us-east-1"))
    assert [re.sub(UUID, "<uuid>", n) for n in names] == [
        "StackSet-org-backup-break-glass-<uuid>",
        "StackSet-org-backup-central-<uuid>",
    ]
    central = org.session("central")
    vaults = central.client("backup").list_backup_vaults()["BackupVaultList"]
    assert [v["BackupVaultName"] for v in vaults] == ["org-backup-central-vault"]
    role = central.client("iam").get_role(RoleName="org-backup-break-glass")["Role"]
    assert role["Arn"].split(":")[4] == org.accounts["central"]
    member = home.list_stack_instances(StackSetName="org-backup-member", CallAs="DELEGATED_ADMIN")
    assert member["Summaries"] == []
