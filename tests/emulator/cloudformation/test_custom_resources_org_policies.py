"""templates/org-policies.yaml through CreateStack: the packaged BackupOrgPolicyManager runs from
its zip under the role the template creates, with IAM enforced, and answers its custom resources."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from orgbackup import package
from rehearsal.emulator.cloudformation.custom_resources import stop_response_endpoint

pytestmark = pytest.mark.slow  # builds the zips with pip

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = (ROOT / "templates" / "org-policies.yaml").read_text()
# The template's ServiceTimeout reaches the function in ResourceProperties, as in AWS, and the
# function refuses properties it does not know; until it accepts this one, the tests that need
# a deployed policy drop the line (the unchanged template is checked on its own, below).
CREATE_POLICY_STATEMENT = """            - Sid: CreateBackupPoliciesOnly
              Effect: Allow
              Action: organizations:CreatePolicy
              Resource: "*"
              Condition:
                StringEquals:
                  organizations:PolicyType: BACKUP_POLICY
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    assert package.main(["--dist", str(folder)]) == 0
    return folder


@pytest.fixture
def deploy(dist: Path, emulator_endpoint: str) -> Iterator[Any]:
    """Create the organization and the artifacts; return ``deploy(template) -> stack``."""
    org = boto3.client("organizations")
    organization = org.create_organization(FeatureSet="ALL")["Organization"]
    root = org.list_roots()["Roots"][0]["Id"]
    account = organization["MasterAccountId"]
    bucket = f"org-backup-artifacts-{account}-us-east-1"
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=bucket)
    manifest = json.loads((dist / "manifest.json").read_text())
    code = (dist / manifest["backup_org_policy_manager"]["path"]).read_bytes()
    code_key = f"lambda/backup_org_policy_manager-{hashlib.sha256(code).hexdigest()}.zip"
    s3.put_object(Bucket=bucket, Key=code_key, Body=code)
    document = (ROOT / "policies" / "daily.json").read_bytes()
    document_key = f"policies/daily-{hashlib.sha256(document).hexdigest()}.json"
    s3.put_object(Bucket=bucket, Key=document_key, Body=document)
    values = {
        "OrganizationId": organization["Id"],
        "ManagementAccountId": account,
        "HomeAccountId": account,
        "PolicyManagerCodeKey": code_key,
        "DailyPolicyKey": document_key,
        "CentralVaultArn": f"arn:aws:backup:us-east-1:{account}:backup-vault:central",
        "PolicyTargets": root,
        "PolicyRegions": "us-east-1",
    }
    cfn = boto3.client("cloudformation")

    def create(template: str) -> dict[str, Any]:
        cfn.create_stack(
            StackName="org-policies",
            TemplateBody=template,
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()],
            Capabilities=["CAPABILITY_NAMED_IAM"],
        )
        described: dict[str, Any] = cfn.describe_stacks(StackName="org-policies")["Stacks"][0]
        return described

    yield create
    stop_response_endpoint()


def backup_policies() -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = boto3.client("organizations").list_policies(
        Filter="BACKUP_POLICY"
    )["Policies"]
    return listed


def failure_reason(logical_id: str) -> str:
    events = boto3.client("cloudformation").describe_stack_events(StackName="org-policies")
    return next(
        str(event.get("ResourceStatusReason"))
        for event in events["StackEvents"]
        if event["LogicalResourceId"] == logical_id and event["ResourceStatus"] == "CREATE_FAILED"
    )


def test_the_policy_manager_creates_and_deletes_the_policy_under_its_role(deploy: Any) -> None:
    # The template as it is: CloudFormation passes ServiceTimeout to the function too.
    stack = deploy(TEMPLATE)
    assert stack["StackStatus"] == "CREATE_COMPLETE", failure_reason("DailyPolicy")
    outputs = {item["OutputKey"]: item["OutputValue"] for item in stack["Outputs"]}
    (policy,) = backup_policies()
    assert (policy["Name"], policy["Id"]) == ("org-backup-daily", outputs["DailyPolicyId"])
    root = boto3.client("organizations").list_roots()["Roots"][0]["Id"]
    targets = boto3.client("organizations").list_targets_for_policy(PolicyId=policy["Id"])
    assert [target["TargetId"] for target in targets["Targets"]] == [root]
    boto3.client("cloudformation").delete_stack(StackName="org-policies")
    assert backup_policies() == []


def test_a_role_without_create_policy_fails_the_stack_with_access_denied(deploy: Any) -> None:
    assert CREATE_POLICY_STATEMENT in TEMPLATE
    template = TEMPLATE.replace(CREATE_POLICY_STATEMENT, "")
    assert deploy(template)["StackStatus"] == "ROLLBACK_COMPLETE"
    reason = failure_reason("DailyPolicy")
    # The function keeps its Reason short, cutting the middle of AWS's message.
    assert "CreatePolicy failed: AccessDeni" in reason
    assert "assumed-role/org-backup-policy-manager-function/" in reason
    assert backup_policies() == []
