"""Upgrade: a stack deployed from the repository's org-policies template (fixed key parameters,
one shared target list) updated to the generated template keeps its policies (same ids, updated
in place, the ownership tag still matching) and moves each to the targets its entry names."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from orgbackup import package
from orgbackup.deploy.cloudformation import failure_reasons
from orgbackup.deploy.org_policies_template import org_policies_template, render_template
from orgbackup.deploy.policy_entries import PolicyEntry
from orgbackup.deploy.template_configs import policy_key_parameter
from orgbackup.deploy.templates import load_document
from rehearsal.emulator.cloudformation.custom_resources import stop_response_endpoint

pytestmark = pytest.mark.slow  # builds the zips with pip

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "org-policies.yaml"
STACK = "org-policies"
# In the order the repository template lists them, so its polling-rule statement is unchanged.
FILES = ("daily", "monthly", "long-retention", "data-classification")


# The emulator's AWS::IAM::Role update (rehearsal/emulator/cloudformation/moto_updates.py) deletes
# every inline policy its Policies do not list, including the one AWS::IAM::RolePolicy
# OrganizationsAccessPolicy puts; CloudFormation removes only those the previous template listed.
@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    assert package.main(["--dist", str(folder)]) == 0
    return folder


def _upload(s3: Any, bucket: str, prefix: str, body: bytes, suffix: str) -> str:
    key = f"{prefix}-{hashlib.sha256(body).hexdigest()}{suffix}"
    s3.put_object(Bucket=bucket, Key=key, Body=body)
    return key


@pytest.fixture
def organization(dist: Path, emulator_endpoint: str) -> Iterator[dict[str, Any]]:
    """An organization with one OU, the artifacts uploaded, and the values both templates need."""
    org = boto3.client("organizations")
    described = org.create_organization(FeatureSet="ALL")["Organization"]
    root = org.list_roots()["Roots"][0]["Id"]
    ou = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]
    account = described["MasterAccountId"]
    bucket = f"org-backup-artifacts-{account}-us-east-1"
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=bucket)
    manifest = json.loads((dist / "manifest.json").read_text())
    code = (dist / manifest["backup_org_policy_manager"]["path"]).read_bytes()
    keys = {
        f"policies/{name}.json": _upload(
            s3,
            bucket,
            f"policies/{name}",
            (ROOT / "policies" / f"{name}.json").read_bytes(),
            ".json",
        )
        for name in FILES
    }
    values = {
        "OrganizationId": described["Id"],
        "ManagementAccountId": account,
        "HomeAccountId": account,
        "PolicyManagerCodeKey": _upload(
            s3, bucket, "lambda/backup_org_policy_manager", code, ".zip"
        ),
        "CentralVaultArn": f"arn:aws:backup:us-east-1:{account}:backup-vault:central",
        "PolicyRegions": "us-east-1",
    }
    yield {"root": root, "ou": ou["Id"], "keys": keys, "values": values}
    stop_response_endpoint()


def _deploy(operation: str, body: str, values: dict[str, str]) -> dict[str, Any]:
    cloudformation = boto3.client("cloudformation")
    getattr(cloudformation, operation)(
        StackName=STACK,
        TemplateBody=body,
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack: dict[str, Any] = cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]
    return stack


def _policies() -> dict[str, tuple[str, list[str]]]:
    """Policy name -> (id, targets)."""
    org = boto3.client("organizations")
    found = {}
    for policy in org.list_policies(Filter="BACKUP_POLICY")["Policies"]:
        targets = org.list_targets_for_policy(PolicyId=policy["Id"])["Targets"]
        found[policy["Name"]] = (policy["Id"], sorted(t["TargetId"] for t in targets))
    return found


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(FILES, id="repository-order"),
        # A different order changes the role's polling list, so the role is updated too;
        # the RolePolicy's inline policy must survive that update.
        pytest.param(tuple(sorted(FILES)), id="file-order-role-updated"),
    ],
)
def test_the_generated_template_updates_the_old_stack_in_place(
    organization: dict[str, Any], order: tuple[str, ...]
) -> None:
    keys, values = organization["keys"], organization["values"]
    old = {**values, "PolicyTargets": organization["root"]}
    for name in FILES:
        old[policy_key_parameter(name)] = keys[f"policies/{name}.json"]
    assert _deploy("create_stack", TEMPLATE.read_text(), old)["StackStatus"] == "CREATE_COMPLETE"
    before = _policies()
    assert sorted(before) == sorted(f"org-backup-{name}" for name in FILES)

    entries = [
        PolicyEntry(
            f"policies/{name}.json",
            name,
            (organization["ou"],) if name == "daily" else (organization["root"],),
            f"$.policies[{index}]",
        )
        for index, name in enumerate(order)
    ]
    generated = render_template(org_policies_template(load_document(TEMPLATE), entries, keys))
    stack = _deploy("update_stack", generated, values)

    reasons = failure_reasons(boto3.client("cloudformation"), STACK)
    assert stack["StackStatus"] == "UPDATE_COMPLETE", reasons
    after = _policies()
    assert {name: policy_id for name, (policy_id, _) in after.items()} == {
        name: policy_id for name, (policy_id, _) in before.items()
    }
    assert after["org-backup-daily"][1] == [organization["ou"]]
    assert after["org-backup-monthly"][1] == [organization["root"]]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert outputs["DailyPolicyId"] == before["org-backup-daily"][0]
