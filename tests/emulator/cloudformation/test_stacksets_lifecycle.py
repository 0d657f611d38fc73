"""A StackSet after its creation: auto-deployment to accounts created in or moved into a target
OU, removal (deleted or retained) when they leave, updates of the body and of the targets,
deletion with the parent stack, and the StackSets API path naming instances as the resource does.
"""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.emulator.cloudformation.test_stacksets import (
    MEMBER_BODY,
    REGIONS,
    UUID,
    Org,
    build_org,
    failure,
    instances,
    member_stacks,
    stackset_template,
)


@pytest.fixture
def org(aws: None) -> Org:
    return build_org()


@pytest.fixture
def home(org: Org) -> Any:
    return org.session("home").client("cloudformation")


def deploy(org: Org, home: Any, retain: bool = False, **properties: Any) -> None:
    auto = {"Enabled": True, "RetainStacksOnAccountRemoval": retain}
    template = stackset_template(org, AutoDeployment=auto, **properties)
    home.create_stack(StackName="parent", TemplateBody=template)


def test_account_created_then_moved_into_a_nested_target_ou_gets_its_instances(
    org: Org, home: Any
) -> None:
    deploy(org, home)

    account = org.new_account("analytics", "Workloads/Prod/Critical")

    found = instances(home)
    assert {r for a, r in found if a == account} == set(REGIONS)
    for region in REGIONS:
        stacks = member_stacks(org, "analytics", region)
        assert len(stacks) == 1
        assert re.fullmatch(f"StackSet-org-demo-{UUID}", stacks[0]["StackName"])
        assert stacks[0]["StackId"] == found[(account, region)]["StackId"]


def test_account_created_outside_the_targets_gets_nothing(org: Org, home: Any) -> None:
    deploy(org, home)

    account = org.new_account("lab", "Sandbox")

    assert account not in {a for a, _ in instances(home)}
    assert member_stacks(org, "lab", "us-east-1") == []


@pytest.mark.parametrize("retain", [False, True])
def test_account_moved_out_loses_its_instances(org: Org, home: Any, retain: bool) -> None:
    deploy(org, home, retain=retain)
    before = {r: member_stacks(org, "prod", r) for r in REGIONS}

    org.move("prod", org.ous["Workloads/Prod"], org.ous["Sandbox"])

    assert org.accounts["prod"] not in {a for a, _ in instances(home)}
    for region in REGIONS:
        after = member_stacks(org, "prod", region)
        if retain:  # kept in the account, no longer part of the set
            assert [s["StackId"] for s in after] == [s["StackId"] for s in before[region]]
            assert after[0]["StackStatus"] == "CREATE_COMPLETE"
        else:
            assert after == []
            assert org.session("prod", region).client("sns").list_topics()["Topics"] == []
    assert {a for a, _ in instances(home)} == {org.accounts[n] for n in ("dev", "payments")}


def test_closed_account_loses_its_instances(org: Org, home: Any) -> None:
    deploy(org, home)

    org.client.close_account(AccountId=org.accounts["dev"])

    assert org.accounts["dev"] not in {a for a, _ in instances(home)}


def test_auto_deployment_disabled_ignores_new_accounts(org: Org, home: Any) -> None:
    template = stackset_template(org, AutoDeployment={"Enabled": False})
    home.create_stack(StackName="parent", TemplateBody=template)

    account = org.new_account("analytics", "Workloads")

    assert account not in {a for a, _ in instances(home)}


def test_update_changes_every_instance_and_follows_the_targets(org: Org, home: Any) -> None:
    deploy(org, home)
    groups = [
        {
            "DeploymentTargets": {"OrganizationalUnitIds": [org.ous["Workloads/Prod"]]},
            "Regions": ["us-east-1"],
        },
        {
            "DeploymentTargets": {"OrganizationalUnitIds": [org.ous["Sandbox"]]},
            "Regions": ["eu-west-1"],
        },
    ]
    template = stackset_template(
        org,
        Parameters=[{"ParameterKey": "Env", "ParameterValue": "blue"}],
        StackInstancesGroup=groups,
    )

    home.update_stack(StackName="parent", TemplateBody=template)

    expected = {
        (org.accounts["prod"], "us-east-1"),
        (org.accounts["payments"], "us-east-1"),
        (org.accounts["sandbox"], "eu-west-1"),
    }
    assert set(instances(home)) == expected
    assert member_stacks(org, "dev", "us-east-1") == []
    assert member_stacks(org, "prod", "eu-west-1") == []
    for name, region in (("prod", "us-east-1"), ("sandbox", "eu-west-1")):
        topics = org.session(name, region).client("sns").list_topics()["Topics"]
        assert [t["TopicArn"].rsplit(":", 1)[1] for t in topics] == ["blue-alerts"]


def test_deleting_the_parent_stack_deletes_instances_and_set(org: Org, home: Any) -> None:
    deploy(org, home)

    home.delete_stack(StackName="parent")

    for name in ("dev", "prod", "payments"):
        for region in REGIONS:
            assert member_stacks(org, name, region) == []
    summaries = home.list_stack_sets(CallAs="DELEGATED_ADMIN")["Summaries"]
    assert [s["Status"] for s in summaries if s["StackSetName"] == "org-demo"] == ["DELETED"]
    with pytest.raises(ClientError, match="StackSetNotFoundException"):
        home.describe_stack_set(StackSetName="org-demo", CallAs="DELEGATED_ADMIN")


@pytest.mark.parametrize(
    "url",
    [
        "https://{bucket}.s3.us-east-1.amazonaws.com/{key}",
        "https://{bucket}.s3.amazonaws.com/{key}",
        "https://s3.us-east-1.amazonaws.com/{bucket}/{key}",
    ],
)
def test_template_url_is_read_from_the_emulated_bucket(org: Org, home: Any, url: str) -> None:
    s3 = org.session("home").client("s3")
    s3.create_bucket(Bucket="artifacts-home")
    s3.put_object(Bucket="artifacts-home", Key="templates/member.yaml", Body=MEMBER_BODY.encode())
    template_url = url.format(bucket="artifacts-home", key="templates/member.yaml")

    deploy(org, home, TemplateBody=None, TemplateURL=template_url)

    assert len(instances(home)) == 6


def test_template_url_to_a_missing_object_is_refused(org: Org, home: Any) -> None:
    template = stackset_template(
        org, TemplateBody=None, TemplateURL="https://nowhere.s3.amazonaws.com/member.yaml"
    )

    reason = failure(home, lambda: home.create_stack(StackName="parent", TemplateBody=template))

    assert "TemplateURL must reference a valid S3 object" in reason
    assert home.list_stack_sets(CallAs="DELEGATED_ADMIN")["Summaries"] == []


def test_api_path_names_instances_as_the_resource_does(org: Org, home: Any) -> None:
    home.create_stack_set(
        StackSetName="api-demo",
        PermissionModel="SERVICE_MANAGED",
        CallAs="DELEGATED_ADMIN",
        AutoDeployment={"Enabled": True, "RetainStacksOnAccountRemoval": True},
        TemplateBody=MEMBER_BODY,
        Parameters=[{"ParameterKey": "Env", "ParameterValue": "api"}],
    )
    operation_id = home.create_stack_instances(
        StackSetName="api-demo",
        CallAs="DELEGATED_ADMIN",
        DeploymentTargets={"OrganizationalUnitIds": [org.ous["Workloads/Prod"]]},
        Regions=["us-east-1"],
    )["OperationId"]

    found = instances(home, "api-demo")
    assert set(found) == {(org.accounts[n], "us-east-1") for n in ("prod", "payments")}
    stacks = member_stacks(org, "payments", "us-east-1")
    assert re.fullmatch(f"StackSet-api-demo-{UUID}", stacks[0]["StackName"])
    described = home.describe_stack_set_operation(
        StackSetName="api-demo", OperationId=operation_id, CallAs="DELEGATED_ADMIN"
    )["StackSetOperation"]
    assert described["Status"] == "SUCCEEDED"
    results = home.list_stack_set_operation_results(
        StackSetName="api-demo", OperationId=operation_id, CallAs="DELEGATED_ADMIN"
    )["Summaries"]
    assert sorted(r["Account"] for r in results) == sorted(a for a, _ in found)
    stack_set = home.describe_stack_set(StackSetName="api-demo", CallAs="DELEGATED_ADMIN")
    assert stack_set["StackSet"]["AutoDeployment"]["RetainStacksOnAccountRemoval"] is True

    home.delete_stack_instances(
        StackSetName="api-demo",
        CallAs="DELEGATED_ADMIN",
        DeploymentTargets={"OrganizationalUnitIds": [org.ous["Workloads/Prod"]]},
        Regions=["us-east-1"],
        RetainStacks=True,
    )

    assert instances(home, "api-demo") == {}
    assert [s["StackName"] for s in member_stacks(org, "payments", "us-east-1")] == [
        stacks[0]["StackName"]
    ]


def test_api_path_refuses_what_the_resource_refuses(org: Org) -> None:
    sandbox = org.session("sandbox").client("cloudformation")

    with pytest.raises(sandbox.exceptions.ClientError, match="not a delegated administrator"):
        sandbox.create_stack_set(
            StackSetName="rogue",
            PermissionModel="SERVICE_MANAGED",
            CallAs="DELEGATED_ADMIN",
            TemplateBody=MEMBER_BODY,
        )


def test_organizations_access_is_reported(aws: None) -> None:
    org = build_org(trusted=False, delegate=False)
    cfn = boto3.client("cloudformation")
    assert cfn.describe_organizations_access()["Status"] == "DISABLED"

    cfn.activate_organizations_access()

    assert cfn.describe_organizations_access()["Status"] == "ENABLED"
    enabled = org.client.list_aws_service_access_for_organization()["EnabledServicePrincipals"]
    assert [p["ServicePrincipal"] for p in enabled] == [
        "member.org.stacksets.cloudformation.amazonaws.com"
    ]


def test_describing_an_instance_the_set_lacks_is_refused(org: Org, home: Any) -> None:
    deploy(org, home)

    with pytest.raises(ClientError, match="StackInstanceNotFoundException"):
        home.describe_stack_instance(
            StackSetName="org-demo",
            StackInstanceAccount=org.accounts["sandbox"],
            StackInstanceRegion="us-east-1",
            CallAs="DELEGATED_ADMIN",
        )


def test_self_managed_set_deploys_to_listed_accounts_with_the_same_naming(aws: None) -> None:
    org = build_org()
    management = boto3.client("cloudformation")
    template = stackset_template(
        org,
        PermissionModel="SELF_MANAGED",
        CallAs=None,
        AutoDeployment=None,
        StackInstancesGroup=[
            {"DeploymentTargets": {"Accounts": [org.accounts["sandbox"]]}, "Regions": ["us-east-1"]}
        ],
    )

    management.create_stack(StackName="parent", TemplateBody=template)

    stacks = member_stacks(org, "sandbox", "us-east-1")
    assert [re.sub(UUID, "<uuid>", s["StackName"]) for s in stacks] == ["StackSet-org-demo-<uuid>"]


def test_a_new_stack_set_name_replaces_the_set_and_its_instances(org: Org, home: Any) -> None:
    deploy(org, home)
    old = {r: member_stacks(org, "dev", r)[0]["StackId"] for r in REGIONS}

    home.update_stack(
        StackName="parent", TemplateBody=stackset_template(org, StackSetName="org-demo-v2")
    )

    with pytest.raises(ClientError, match="StackSetNotFoundException"):
        home.describe_stack_set(StackSetName="org-demo", CallAs="DELEGATED_ADMIN")
    assert len(instances(home, "org-demo-v2")) == 6
    for region in REGIONS:
        stacks = member_stacks(org, "dev", region)
        assert [re.sub(UUID, "<uuid>", s["StackName"]) for s in stacks] == [
            "StackSet-org-demo-v2-<uuid>"
        ]
        assert stacks[0]["StackId"] != old[region]


def test_the_emulator_server_serves_the_same_stack_sets(emulator_endpoint: str) -> None:
    org = build_org()
    home = org.session("home").client("cloudformation")

    deploy(org, home)
    org.new_account("analytics", "Workloads/Prod")

    accounts = {a for a, _ in instances(home)}
    assert accounts == {org.accounts[n] for n in ("dev", "prod", "payments", "analytics")}
    stacks = member_stacks(org, "analytics", "eu-west-1")
    assert [re.sub(UUID, "<uuid>", s["StackName"]) for s in stacks] == ["StackSet-org-demo-<uuid>"]


def test_account_removed_from_the_organization_leaves_the_set(org: Org, home: Any) -> None:
    deploy(org, home, retain=True)

    org.client.remove_account_from_organization(AccountId=org.accounts["payments"])

    assert org.accounts["payments"] not in {a for a, _ in instances(home)}
    assert len(member_stacks(org, "payments", "us-east-1")) == 1  # retained, disassociated


def test_api_path_self_managed_instances_are_named_as_aws_names_them(org: Org) -> None:
    management = boto3.client("cloudformation")
    management.create_stack_set(StackSetName="self-demo", TemplateBody=MEMBER_BODY)
    management.create_stack_instances(
        StackSetName="self-demo",
        Accounts=[org.accounts["dev"]],
        Regions=["us-east-1"],
        ParameterOverrides=[{"ParameterKey": "Env", "ParameterValue": "self"}],
    )

    stacks = member_stacks(org, "dev", "us-east-1")
    assert [re.sub(UUID, "<uuid>", s["StackName"]) for s in stacks] == ["StackSet-self-demo-<uuid>"]

    management.delete_stack_instances(
        StackSetName="self-demo",
        Accounts=[org.accounts["dev"]],
        Regions=["us-east-1"],
        RetainStacks=False,
    )

    assert member_stacks(org, "dev", "us-east-1") == []


def test_api_update_stack_set_updates_every_instance_stack(org: Org, home: Any) -> None:
    deploy(org, home)

    operation_id = home.update_stack_set(
        StackSetName="org-demo",
        CallAs="DELEGATED_ADMIN",
        UsePreviousTemplate=True,
        Parameters=[{"ParameterKey": "Env", "ParameterValue": "green"}],
    )["OperationId"]

    operation = home.describe_stack_set_operation(
        StackSetName="org-demo", OperationId=operation_id, CallAs="DELEGATED_ADMIN"
    )["StackSetOperation"]
    assert (operation["Action"], operation["Status"]) == ("UPDATE", "SUCCEEDED")
    for name in ("dev", "payments"):
        topics = org.session(name, "eu-west-1").client("sns").list_topics()["Topics"]
        assert [t["TopicArn"].rsplit(":", 1)[1] for t in topics] == ["green-alerts"]
