"""templates/member-restore-testing.yaml deployed on the emulator's CloudFormation under the name
a real StackSet instance stack has, after the member vault it reads: the plan over the member
vault, one selection per configured tier, and the validation function wired to its rule
(docs/restore-testing.md)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import boto3
import pytest

from tests.templates.deployments import deployments
from tests.templates.loader import REPO, load
from tests.templates.test_member_deploy import HOME, function_zip

STACK_NAME = deployments("templates/member-restore-testing.yaml")[0].stack_name
SCHEDULE = "cron(0 5 ? * SAT *)"
PLAN = "org_backup_restore_testing"


def _code_key(s3: Any) -> str:
    bucket = f"org-backup-artifacts-{HOME}-us-east-1"
    s3.create_bucket(Bucket=bucket)
    body = function_zip("restore_validation")
    key = f"lambda/restore_validation-{hashlib.sha256(body).hexdigest()}.zip"
    s3.put_object(Bucket=bucket, Key=key, Body=body)
    return key


@pytest.fixture
def deployed(aws: None) -> dict[str, str]:
    vault = boto3.client("backup").create_backup_vault(BackupVaultName="org-backup-vault")
    parameters = {
        "HomeAccountId": HOME,
        "RestoreValidationCodeKey": _code_key(boto3.client("s3")),
        "RestoreTestingSchedule": SCHEDULE,
        "RestoreTestingSelection1": "DynamoDB|data-tier|gold|4",
        "RestoreTestingSelection2": "EBS|data-tier|silver|12",
    }
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(
        StackName=STACK_NAME,
        TemplateBody=json.dumps(load("member-restore-testing.yaml")),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=STACK_NAME)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    return {**outputs, "MemberVaultArn": vault["BackupVaultArn"]}


def test_the_stack_name_is_a_real_instance_name() -> None:
    assert STACK_NAME.startswith("StackSet-org-backup-restore-testing-")


def test_the_plan_reads_the_member_vault(deployed: dict[str, str]) -> None:
    plan = boto3.client("backup").get_restore_testing_plan(RestoreTestingPlanName=PLAN)

    got = plan["RestoreTestingPlan"]
    assert got["RestoreTestingPlanArn"] == deployed["RestoreTestingPlanArn"]
    assert got["ScheduleExpression"] == SCHEDULE
    assert got["StartWindowHours"] == 24
    assert got["RecoveryPointSelection"]["IncludeVaults"] == [deployed["MemberVaultArn"]]


def test_one_selection_per_configured_tier(deployed: dict[str, str]) -> None:
    backup = boto3.client("backup")

    listed = backup.list_restore_testing_selections(RestoreTestingPlanName=PLAN)

    names = sorted(s["RestoreTestingSelectionName"] for s in listed["RestoreTestingSelections"])
    assert names == ["tier_1", "tier_2"]
    tier: Any = backup.get_restore_testing_selection(
        RestoreTestingPlanName=PLAN, RestoreTestingSelectionName="tier_2"
    )["RestoreTestingSelection"]
    assert tier["ProtectedResourceType"] == "EBS"
    assert tier["ProtectedResourceConditions"]["StringEquals"] == [
        {"Key": "aws:ResourceTag/data-tier", "Value": "silver"}
    ]
    assert tier["ValidationWindowHours"] == 12
    assert tier["IamRoleArn"].endswith(":role/org-backup-service-role")


def test_the_rule_runs_the_validation_function(deployed: dict[str, str]) -> None:
    function = boto3.client("lambda").get_function_configuration(
        FunctionName=deployed["RestoreValidationFunctionArn"]
    )
    rules = boto3.client("events").list_rule_names_by_target(
        TargetArn=deployed["RestoreValidationFunctionArn"]
    )["RuleNames"]

    assert function["Handler"] == "restore_validation.app.handler"
    assert function["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"] == "restore-validation"
    assert len(rules) == 1


def test_stacksets_creates_the_restore_testing_stack_set_when_scheduled(aws: None) -> None:
    """templates/stacksets.yaml as the pipeline deploys it with ``restore_testing:``: the
    RestoreTestingStackSet is created (capabilities included) from its content-addressed body."""
    from orgbackup.deploy.stacks import STACKSET_BODIES
    from tests.emulator.cloudformation.test_stacksets import build_org
    from tests.emulator.cloudformation.test_stacksets_repository import parameters

    org = build_org()
    for ou in ("Security", "Empty"):
        created = org.client.create_organizational_unit(ParentId=org.root, Name=ou)
        org.ous[ou] = created["OrganizationalUnit"]["Id"]
    org.new_account("central", "Security")
    s3 = org.session("home").client("s3")
    bucket = f"org-backup-artifacts-{org.accounts['home']}-us-east-1"
    s3.create_bucket(Bucket=bucket)
    urls = {}
    for body in STACKSET_BODIES:
        text = (REPO / body.template).read_bytes()
        key = f"templates/{body.name}-{hashlib.sha256(text).hexdigest()}.yaml"
        s3.put_object(Bucket=bucket, Key=key, Body=text)
        urls[body.url_parameter] = f"https://{bucket}.s3.us-east-1.amazonaws.com/{key}"
    home = org.session("home").client("cloudformation")
    scheduled = [{"ParameterKey": "RestoreTestingSchedule", "ParameterValue": SCHEDULE}]

    home.create_stack(
        StackName="org-backup-stacksets",
        TemplateBody=(REPO / "templates" / "stacksets.yaml").read_text(),
        Parameters=parameters(org, urls) + scheduled,
    )

    stack = home.describe_stacks(StackName="org-backup-stacksets")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
    assert "RestoreTestingStackSetId" in {o["OutputKey"] for o in stack["Outputs"]}
    described = home.describe_stack_set(
        StackSetName="org-backup-restore-testing", CallAs="DELEGATED_ADMIN"
    )["StackSet"]
    assert described["Capabilities"] == ["CAPABILITY_IAM"]
