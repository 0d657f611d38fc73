"""AWS::CloudFormation::StackSet through boto3 against the emulator: service-managed instances in
every account x Region of nested OU targets (never the management account), named
``StackSet-<name>-<uuid>``, the refusals AWS makes (CallAs, capabilities, stack name length,
operation preferences), and failed instances failing the parent stack with account, Region and
cause.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from rehearsal.emulator.cloudformation import stacksets
from rehearsal.emulator.cloudformation.schemas import registry_schema

STACKSETS = "member.org.stacksets.cloudformation.amazonaws.com"
REGIONS = ("us-east-1", "eu-west-1")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
MEMBER_BODY = json.dumps(
    {
        "Parameters": {"Env": {"Type": "String"}},
        "Resources": {
            "Topic": {
                "Type": "AWS::SNS::Topic",
                # Fn::Join over a Ref: moto re-evaluates a resource on a parameter change
                # only when the parameter is Ref'd (not through Fn::Sub).
                "Properties": {"TopicName": {"Fn::Join": ["-", [{"Ref": "Env"}, "alerts"]]}},
            },
            "Queue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {"QueueName": "backup-events", "VisibilityTimeout": 30},
            },
        },
    }
)
# OUs by path, parents first: Workloads/Prod/Critical is three levels below the root.
OU_PATHS = ("Infrastructure", "Workloads", "Workloads/Prod", "Workloads/Prod/Critical", "Sandbox")
ACCOUNTS = {
    "home": "Infrastructure",
    "dev": "Workloads",
    "prod": "Workloads/Prod",
    "payments": "Workloads/Prod/Critical",
    "sandbox": "Sandbox",
}
FAILED = ("CREATE_FAILED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED")


@dataclass(frozen=True, slots=True)
class Org:
    client: Any
    root: str
    ous: dict[str, str]
    accounts: dict[str, str]
    management: str

    def session(self, name: str, region: str = "us-east-1") -> boto3.Session:
        """A session acting as the named member account (its OrganizationAccountAccessRole)."""
        role = f"arn:aws:iam::{self.accounts[name]}:role/OrganizationAccountAccessRole"
        creds = boto3.client("sts").assume_role(RoleArn=role, RoleSessionName="stacksets-test")
        c = creds["Credentials"]
        return boto3.Session(
            aws_access_key_id=c["AccessKeyId"],
            aws_secret_access_key=c["SecretAccessKey"],
            aws_session_token=c["SessionToken"],
            region_name=region,
        )

    def new_account(self, name: str, ou_path: str) -> str:
        """CreateAccount (in the root), then MoveAccount into ``ou_path``, as AWS requires."""
        created = self.client.create_account(Email=f"{name}@example.com", AccountName=name)
        account_id: str = created["CreateAccountStatus"]["AccountId"]
        self.accounts[name] = account_id
        self.move(name, self.root, self.ous[ou_path])
        return account_id

    def move(self, name: str, source: str, destination: str) -> None:
        self.client.move_account(
            AccountId=self.accounts[name], SourceParentId=source, DestinationParentId=destination
        )


def build_org(*, trusted: bool = True, delegate: bool = True) -> Org:
    client = boto3.client("organizations")
    management = client.create_organization(FeatureSet="ALL")["Organization"]["MasterAccountId"]
    root = client.list_roots()["Roots"][0]["Id"]
    ous: dict[str, str] = {}
    for path in OU_PATHS:
        parent, _, name = path.rpartition("/")
        ou = client.create_organizational_unit(ParentId=ous.get(parent, root), Name=name)
        ous[path] = ou["OrganizationalUnit"]["Id"]
    org = Org(client, root, ous, {}, management)
    for name, path in ACCOUNTS.items():
        org.new_account(name, path)
    if trusted:
        boto3.client("cloudformation").activate_organizations_access()
    if delegate:
        client.register_delegated_administrator(
            AccountId=org.accounts["home"], ServicePrincipal=STACKSETS
        )
    return org


@pytest.fixture
def org(aws: None) -> Org:
    return build_org()


def stackset_template(
    org: Org, outputs: bool = False, retain: bool = False, **properties: Any
) -> str:
    """A template whose one resource ``Set`` is a service-managed StackSet over Workloads."""
    defaults: dict[str, Any] = {
        "StackSetName": "org-demo",
        "PermissionModel": "SERVICE_MANAGED",
        "CallAs": "DELEGATED_ADMIN",
        "AutoDeployment": {"Enabled": True, "RetainStacksOnAccountRemoval": False},
        "TemplateBody": MEMBER_BODY,
        "Parameters": [{"ParameterKey": "Env", "ParameterValue": "prod"}],
        "StackInstancesGroup": [
            {
                "DeploymentTargets": {"OrganizationalUnitIds": [org.ous["Workloads"]]},
                "Regions": list(REGIONS),
            }
        ],
    }
    resource: dict[str, Any] = {
        "Type": "AWS::CloudFormation::StackSet",
        "Properties": {k: v for k, v in {**defaults, **properties}.items() if v is not None},
    }
    if retain:
        resource["DeletionPolicy"] = "Retain"
    template: dict[str, Any] = {"Resources": {"Set": resource}}
    if outputs:
        template["Outputs"] = {
            "Ref": {"Value": {"Ref": "Set"}},
            "Id": {"Value": {"Fn::GetAtt": ["Set", "StackSetId"]}},
        }
    return json.dumps(template)


def instances(cfn: Any, name: str = "org-demo") -> dict[tuple[str, str], dict[str, Any]]:
    pages = cfn.get_paginator("list_stack_instances").paginate(
        StackSetName=name, CallAs="DELEGATED_ADMIN"
    )
    return {(s["Account"], s["Region"]): s for page in pages for s in page["Summaries"]}


def failure(cfn: Any, create: Callable[[], object], stack_name: str = "parent") -> str:
    """Why creating ``stack_name`` failed: the API's error, or the stack's failure events."""
    try:
        create()
    except ClientError as raised:
        return str(raised.response["Error"]["Message"])
    stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    assert stack["StackStatus"] in FAILED
    events = cfn.describe_stack_events(StackName=stack_name)["StackEvents"]
    return " | ".join(
        e.get("ResourceStatusReason", "") for e in events if e["ResourceStatus"] == "CREATE_FAILED"
    )


@pytest.fixture
def home(org: Org) -> Any:
    return org.session("home").client("cloudformation")


def member_stacks(org: Org, name: str, region: str) -> list[dict[str, Any]]:
    cfn = org.session(name, region).client("cloudformation")
    return [s for s in cfn.describe_stacks()["Stacks"] if s["StackName"].startswith("StackSet-")]


def test_instances_cover_every_account_and_region_of_nested_ous(org: Org, home: Any) -> None:
    home.create_stack(StackName="parent", TemplateBody=stackset_template(org, outputs=True))

    found = instances(home)
    targeted = [org.accounts[n] for n in ("dev", "prod", "payments")]
    assert set(found) == {(a, r) for a in targeted for r in REGIONS}
    for name in ("dev", "prod", "payments"):
        for region in REGIONS:
            summary = found[(org.accounts[name], region)]
            assert summary["Status"] == "CURRENT"
            assert summary["OrganizationalUnitId"] == org.ous["Workloads"]
            stacks = member_stacks(org, name, region)
            assert [s["StackId"] for s in stacks] == [summary["StackId"]]
            assert re.fullmatch(f"StackSet-org-demo-{UUID}", stacks[0]["StackName"])
            assert stacks[0]["StackStatus"] == "CREATE_COMPLETE"
            topics = org.session(name, region).client("sns").list_topics()["Topics"]
            assert [t["TopicArn"].rsplit(":", 1)[1] for t in topics] == ["prod-alerts"]
    outputs = home.describe_stacks(StackName="parent")["Stacks"][0]["Outputs"]
    set_id = home.describe_stack_set(StackSetName="org-demo", CallAs="DELEGATED_ADMIN")["StackSet"][
        "StackSetId"
    ]
    assert re.fullmatch(f"org-demo:{UUID}", set_id)
    assert {o["OutputKey"]: o["OutputValue"] for o in outputs} == {"Ref": set_id, "Id": set_id}


def test_management_account_never_gets_an_instance(org: Org, home: Any) -> None:
    template = stackset_template(
        org,
        StackInstancesGroup=[
            {"DeploymentTargets": {"OrganizationalUnitIds": [org.root]}, "Regions": ["us-east-1"]}
        ],
    )
    home.create_stack(StackName="parent", TemplateBody=template)

    assert {a for a, _ in instances(home)} == set(org.accounts.values())
    assert org.management not in {a for a, _ in instances(home)}


@pytest.mark.parametrize(
    ("filter_type", "expected"),
    [
        ("NONE", {"dev", "prod", "payments"}),
        ("INTERSECTION", {"prod"}),
        ("DIFFERENCE", {"dev", "payments"}),
        ("UNION", {"dev", "prod", "payments", "sandbox"}),
    ],
)
def test_account_filter_type(org: Org, home: Any, filter_type: str, expected: set[str]) -> None:
    listed = ["prod"] if filter_type != "UNION" else ["sandbox"]
    targets = {
        "OrganizationalUnitIds": [org.ous["Workloads"]],
        "Accounts": [org.accounts[n] for n in listed],
        "AccountFilterType": filter_type,
    }
    template = stackset_template(
        org, StackInstancesGroup=[{"DeploymentTargets": targets, "Regions": ["us-east-1"]}]
    )
    home.create_stack(StackName="parent", TemplateBody=template)

    assert {a for a, _ in instances(home)} == {org.accounts[n] for n in expected}


def test_delegated_admin_call_without_registration_is_refused(aws: None) -> None:
    org = build_org(delegate=False)
    home = org.session("home").client("cloudformation")

    reason = failure(
        home, lambda: home.create_stack(StackName="parent", TemplateBody=stackset_template(org))
    )

    assert "Account used is not a delegated administrator" in reason
    assert home.list_stack_sets(CallAs="DELEGATED_ADMIN")["Summaries"] == []


def test_self_from_a_member_account_is_refused(org: Org, home: Any) -> None:
    template = stackset_template(org, CallAs="SELF")

    reason = failure(home, lambda: home.create_stack(StackName="parent", TemplateBody=template))

    assert "You must be the management account or delegated admin account" in reason
    assert instances_of_everyone(org) == []


def test_without_trusted_access_the_set_is_refused(aws: None) -> None:
    org = build_org(trusted=False)
    home = org.session("home").client("cloudformation")

    reason = failure(
        home, lambda: home.create_stack(StackName="parent", TemplateBody=stackset_template(org))
    )

    assert "You must enable organizations access" in reason


def instances_of_everyone(org: Org) -> list[str]:
    return [s["StackName"] for n in org.accounts for s in member_stacks(org, n, "us-east-1")]


def test_named_iam_role_without_capability_is_refused(org: Org, home: Any) -> None:
    body = {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": "org-backup-service-role",
                    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []},
                },
            }
        }
    }
    template = stackset_template(org, TemplateBody=json.dumps(body), Parameters=None)

    reason = failure(home, lambda: home.create_stack(StackName="parent", TemplateBody=template))

    assert "Requires capabilities : [CAPABILITY_NAMED_IAM]" in reason
    assert instances_of_everyone(org) == []


def test_instance_stack_name_over_128_characters_fails_every_instance(org: Org, home: Any) -> None:
    name = "a" + "-long" * 17  # 86 characters: StackSet-<name>-<36-char uuid> is 132
    template = stackset_template(org, StackSetName=name, retain=True)

    reason = failure(home, lambda: home.create_stack(StackName="parent", TemplateBody=template))

    assert "Member must have length less than or equal to 128" in reason
    assert f"account {org.accounts['dev']}, Region us-east-1" in reason
    assert instances_of_everyone(org) == []
    found = instances(home, name)
    assert {s["StackInstanceStatus"]["DetailedStatus"] for s in found.values()} == {
        "FAILED",
        "CANCELLED",
    }


def test_failed_instance_fails_the_set_and_the_parent_stack(org: Org, home: Any) -> None:
    # The payments account already has a queue of that name with other attributes.
    sqs = org.session("payments", "eu-west-1").client("sqs")
    sqs.create_queue(QueueName="backup-events", Attributes={"VisibilityTimeout": "5"})
    template = stackset_template(
        org,
        retain=True,
        OperationPreferences={"RegionConcurrencyType": "PARALLEL", "FailureToleranceCount": 0},
    )

    reason = failure(home, lambda: home.create_stack(StackName="parent", TemplateBody=template))

    payments = org.accounts["payments"]
    cause = "ResourceLogicalId:Queue, ResourceType:AWS::SQS::Queue, ResourceStatusReason:"
    assert f"account {payments}, Region eu-west-1: {cause}" in reason
    assert "queue already exists" in reason
    found = instances(home)
    assert found[(payments, "eu-west-1")]["Status"] == "OUTDATED"
    assert found[(payments, "eu-west-1")]["StatusReason"].startswith(cause)
    assert all(s["Status"] == "CURRENT" for k, s in found.items() if k[1] == "us-east-1")
    operations = home.list_stack_set_operations(StackSetName="org-demo")["Summaries"]
    assert [(o["Action"], o["Status"]) for o in operations] == [("CREATE", "FAILED")]
    described = home.describe_stack_set_operation(
        StackSetName="org-demo", OperationId=operations[0]["OperationId"]
    )["StackSetOperation"]
    assert payments in described["StatusReason"]
    stacks = member_stacks(org, "payments", "eu-west-1")
    assert [s["StackStatus"] for s in stacks] == ["ROLLBACK_COMPLETE"]


@pytest.mark.parametrize(
    ("preferences", "field"),
    [
        ({"FailureToleranceCount": 1, "FailureTolerancePercentage": 10}, "FailureToleranceCount"),
        ({"MaxConcurrentCount": 1, "MaxConcurrentPercentage": 10}, "MaxConcurrentCount"),
        ({"FailureToleranceCount": 0, "MaxConcurrentCount": 3}, "MaxConcurrentCount"),
        ({"RegionConcurrencyType": "ALL_AT_ONCE"}, "RegionConcurrencyType"),
        ({"MaxConcurrentPercentage": 0}, "MaxConcurrentPercentage"),
    ],
)
def test_operation_preferences_are_validated(
    org: Org, home: Any, preferences: dict[str, Any], field: str
) -> None:
    template = stackset_template(org, OperationPreferences=preferences)

    reason = failure(home, lambda: home.create_stack(StackName="parent", TemplateBody=template))

    assert (
        f"OperationPreferences.{field}" in reason
        or f"OperationPreferences: specify {field}" in reason
    )
    assert instances_of_everyone(org) == []


def test_the_model_accepts_exactly_the_registry_schema_properties() -> None:
    schema = registry_schema("AWS::CloudFormation::StackSet")
    assert schema is not None
    read_only = {p.rsplit("/", 1)[1] for p in schema["readOnlyProperties"]}
    assert set(schema["properties"]) - read_only == set(stacksets.PROPERTIES)
    create_only = {p.rsplit("/", 1)[1] for p in schema["createOnlyProperties"]}
    assert create_only == {"StackSetName", "PermissionModel"}  # the replacing properties
    assert stacksets.StackSetResource.has_cfn_attr("StackSetId")
    assert not stacksets.StackSetResource.has_cfn_attr("Arn")


def test_an_unknown_target_ou_is_refused_before_anything_is_created(org: Org, home: Any) -> None:
    template = stackset_template(
        org,
        StackInstancesGroup=[
            {
                "DeploymentTargets": {"OrganizationalUnitIds": ["ou-abcd-12345678"]},
                "Regions": ["us-east-1"],
            }
        ],
    )

    reason = failure(home, lambda: home.create_stack(StackName="parent", TemplateBody=template))

    assert "ou-abcd-12345678" in reason
    assert home.list_stack_sets(CallAs="DELEGATED_ADMIN")["Summaries"] == []


def test_a_deleted_target_ou_does_not_break_organizations_calls(org: Org, home: Any) -> None:
    empty = org.client.create_organizational_unit(ParentId=org.root, Name="Soon-gone")
    ou_id = empty["OrganizationalUnit"]["Id"]
    groups = [
        {"DeploymentTargets": {"OrganizationalUnitIds": [ou_id]}, "Regions": ["us-east-1"]},
        {
            "DeploymentTargets": {"OrganizationalUnitIds": [org.ous["Sandbox"]]},
            "Regions": ["us-east-1"],
        },
    ]
    home.create_stack(
        StackName="parent", TemplateBody=stackset_template(org, StackInstancesGroup=groups)
    )
    org.client.delete_organizational_unit(OrganizationalUnitId=ou_id)

    account = org.new_account("lab", "Sandbox")

    assert {a for a, _ in instances(home)} == {org.accounts["sandbox"], account}


def test_failures_within_the_tolerance_percentage_keep_the_operation_succeeded(
    org: Org, home: Any
) -> None:
    sqs = org.session("dev", "us-east-1").client("sqs")
    sqs.create_queue(QueueName="backup-events", Attributes={"VisibilityTimeout": "5"})
    # 50 % of a Region's three accounts, rounded down: one failure per Region is tolerated.
    template = stackset_template(org, OperationPreferences={"FailureTolerancePercentage": 50})

    home.create_stack(StackName="parent", TemplateBody=template)

    assert home.describe_stacks(StackName="parent")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    found = instances(home)
    assert [k for k, s in found.items() if s["Status"] != "CURRENT"] == [
        (org.accounts["dev"], "us-east-1")
    ]
    operations = home.list_stack_set_operations(StackSetName="org-demo")["Summaries"]
    assert [o["Status"] for o in operations] == ["SUCCEEDED"]
