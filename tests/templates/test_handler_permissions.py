"""The pipeline's CloudFormation roles grant every permission the resource handlers call."""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from functools import cache
from typing import Any

import pytest
from cfnlint.decode import decode_str

from tests.templates import registry, sar
from tests.templates.bootstrap_permissions import BEGIN, END, markdown
from tests.templates.deployments import deployments
from tests.templates.handler_needs import ALSO_NEEDED, NOT_NEEDED, UNSCOPED, needed_permissions
from tests.templates.handler_permissions import (
    PIPELINE,
    Finding,
    check_stack,
    findings,
    stack_roles,
)
from tests.templates.intrinsics import render, rendered
from tests.templates.loader import REPO
from tests.templates.physical import Place

PLACE = Place("org-backup-stacksets", "222222222222", "eu-west-1")
STACKSET = {
    "Type": "AWS::CloudFormation::StackSet",
    "Properties": {
        "StackSetName": "org-backup-member",
        "PermissionModel": "SERVICE_MANAGED",
        "TemplateURL": "https://org-backup-artifacts-222222222222-eu-west-1.s3.eu-west-1.amazonaws.com/templates/m.yaml",
    },
}
STACKSET_ARN = "arn:aws:cloudformation:*:222222222222:stackset/org-backup-*"
TEMPLATE_URL = {"cloudformation:TemplateUrl": "https://org-backup-artifacts-222222222222-*"}


@cache
def _text(path: str) -> str:
    decoded, matches = decode_str((REPO / path).read_text(encoding="utf-8"))
    assert not matches, matches
    return json.dumps(decoded)


def _load(path: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_text(path))
    return loaded


def _stackset_role(*, summary: bool = True, create_on: Any = "*") -> list[dict[str, Any]]:
    """A deploy role for STACKSET; without GetTemplateSummary, or with CreateStackSet scoped."""
    statements: list[dict[str, Any]] = [
        {
            "Effect": "Allow",
            "Action": "cloudformation:CreateStackSet",
            "Resource": create_on,
            "Condition": {"StringLike": TEMPLATE_URL},
        },
        {
            "Effect": "Allow",
            "Action": [
                "cloudformation:*StackInstances",
                "cloudformation:*StackSet",
                "cloudformation:DescribeStackSetOperation",
                "cloudformation:ListStackSetOperationResults",
                "cloudformation:TagResource",
                "cloudformation:UntagResource",
            ],
            "Resource": STACKSET_ARN,
        },
    ]
    if summary:
        statements.append(
            {"Effect": "Allow", "Action": "cloudformation:GetTemplateSummary", "Resource": "*"}
        )
    return statements


def _check(statements: list[dict[str, Any]], resources: dict[str, Any]) -> list[Finding]:
    stack = {"Resources": resources}
    return list(
        check_stack(PIPELINE, "DeployRole", statements, "templates/stacksets.yaml", stack, PLACE)
    )


# ---------------------------------------------------------------- the real templates


@pytest.mark.parametrize("deployment", deployments(PIPELINE), ids=lambda d: d.label)
def test_every_deploy_role_grants_every_handler_permission(deployment: Any) -> None:
    # The base pipeline is checked against every variant of each stack it deploys; the other
    # pipeline variants against each stack's base deployment.
    found = findings(_load, deployment, all_variants=deployment.label == "base")

    assert [str(f) for f in found] == []


def test_the_deploy_actions_are_found_with_their_roles() -> None:
    deployment = deployments(PIPELINE)[0]
    place = Place(deployment.stack_name, deployment.account_id, deployment.region)
    prefix = deployment.parameters["StackNamePrefix"]

    found = {(s.role, s.stack_name, s.template) for s in stack_roles(rendered(deployment), place)}

    assert found == {
        ("PipelineStackRole", deployment.stack_name, PIPELINE),
        ("DeployRole", f"{prefix}-stacksets", "templates/stacksets.yaml"),
        ("DeployRole", f"{prefix}-org-policies", "templates/org-policies.yaml"),
    }


def test_every_deployed_type_has_handler_permissions_to_check() -> None:
    deployment = deployments(PIPELINE)[0]
    place = Place(deployment.stack_name, deployment.account_id, deployment.region)
    templates = {s.template for s in stack_roles(rendered(deployment), place)}
    unchecked = []
    for template in sorted(templates):
        body = render(_load(template), deployments(template)[0])
        for logical_id, resource in body["Resources"].items():
            everything = dict(resource, DeletionPolicy="Delete", UpdateReplacePolicy="Delete")
            if not needed_permissions(resource["Type"], everything):
                unchecked.append(f"{template}: {logical_id} ({resource['Type']})")

    assert unchecked == [], "no handler permissions: add the type's API calls to ALSO_NEEDED"


# ---------------------------------------------------------------- the check fails when it should


def test_a_stackset_role_without_get_template_summary_fails() -> None:
    found = _check(_stackset_role(summary=False), {"MemberStackSet": STACKSET})

    assert found == [
        Finding(
            PIPELINE,
            "DeployRole",
            "templates/stacksets.yaml",
            "MemberStackSet",
            "AWS::CloudFormation::StackSet",
            "create/update",
            "cloudformation:GetTemplateSummary",
            "no statement of the role allows it",
        )
    ]
    assert str(found[0]) == (
        "pipeline/pipeline.yaml: role DeployRole deploying templates/stacksets.yaml: "
        "MemberStackSet (AWS::CloudFormation::StackSet) create/update handler needs "
        "cloudformation:GetTemplateSummary: no statement of the role allows it"
    )


def test_create_stack_set_scoped_to_a_stack_set_fails() -> None:
    found = _check(_stackset_role(create_on=STACKSET_ARN), {"MemberStackSet": STACKSET})

    assert [(f.permission, f.reason) for f in found] == [
        (
            "cloudformation:CreateStackSet",
            'the SAR lists no resource type for it, so it needs Resource "*"; granted on '
            f"['{STACKSET_ARN}']",
        )
    ]


def test_a_complete_stackset_role_passes() -> None:
    assert _check(_stackset_role(), {"MemberStackSet": STACKSET}) == []


def test_a_grant_on_other_names_or_on_star_fails() -> None:
    role = {
        "Type": "AWS::IAM::RolePolicy",
        "Properties": {"RoleName": "org-backup-fn", "PolicyName": "p", "PolicyDocument": {}},
    }
    elsewhere = [
        {
            "Effect": "Allow",
            "Action": "iam:*RolePolicy",
            "Resource": "arn:aws:iam::222222222222:role/other-*",
        }
    ]
    everywhere = [{"Effect": "Allow", "Action": "iam:*RolePolicy", "Resource": "*"}]
    denied = [*everywhere, {"Effect": "Deny", "Action": "iam:DeleteRolePolicy", "Resource": "*"}]
    target = "arn:aws:iam::222222222222:role/org-backup-fn"

    assert {f.reason for f in _check(elsewhere, {"Policy": role})} == {
        f"allowed, but not on {target}"
    }
    assert {f.reason for f in _check(everywhere, {"Policy": role})} == {
        f'allowed on "*"; scope it to {target}'
    }
    assert [(f.permission, f.reason) for f in _check(denied, {"Policy": role})] == [
        ("iam:DeleteRolePolicy", f"denied on {target}"),
        ("iam:GetRolePolicy", f'allowed on "*"; scope it to {target}'),
        ("iam:PutRolePolicy", f'allowed on "*"; scope it to {target}'),
    ]


def test_a_pipeline_whose_deploy_role_lacks_a_permission_fails() -> None:
    def without_summary(path: str) -> dict[str, Any]:
        template = _load(path)
        if path == PIPELINE:
            policy = template["Resources"]["DeployRole"]["Properties"]["Policies"][0]
            statements = policy["PolicyDocument"]["Statement"]
            policy["PolicyDocument"]["Statement"] = [
                s for s in statements if s.get("Sid") != "SummarizeSolutionTemplates"
            ]
        return template

    found = list(findings(without_summary, deployments(PIPELINE)[0], all_variants=False))

    assert found
    assert {(f.role, f.template, f.permission) for f in found} == {
        ("DeployRole", "templates/stacksets.yaml", "cloudformation:GetTemplateSummary")
    }


def test_a_not_needed_permission_is_needed_once_the_property_is_used() -> None:
    role = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}}
    bounded = {
        "Type": "AWS::IAM::Role",
        "Properties": {"PermissionsBoundary": "arn:aws:iam::aws:policy/x"},
    }
    retained = dict(role, DeletionPolicy="Retain", UpdateReplacePolicy="Retain")

    assert "iam:PutRolePermissionsBoundary" not in needed_permissions("AWS::IAM::Role", role)
    assert "iam:PutRolePermissionsBoundary" in needed_permissions("AWS::IAM::Role", bounded)
    assert "iam:DeleteRole" in needed_permissions("AWS::IAM::Role", role)
    assert "iam:DeleteRole" not in needed_permissions("AWS::IAM::Role", retained)
    assert needed_permissions(
        "Custom::Thing", {"Properties": {"ServiceToken": "arn:aws:lambda:x"}}
    ) == {"lambda:InvokeFunction": {"create", "update", "delete"}}


# ---------------------------------------------------------------- the tables stay honest


@pytest.mark.parametrize("entry", NOT_NEEDED, ids=lambda e: f"{e.resource_type} {e.permissions[0]}")
def test_every_not_needed_entry_names_permissions_its_schema_lists(entry: Any) -> None:
    listed = {p for ps in registry.handler_permissions(entry.resource_type).values() for p in ps}
    for pattern in entry.permissions:
        assert any(fnmatchcase(p.lower(), pattern.lower()) for p in listed), (
            f"{entry.resource_type} handlers never call {pattern}"
        )
    assert entry.url.startswith("https://docs.aws.amazon.com/")


@pytest.mark.parametrize("entry", ALSO_NEEDED, ids=lambda e: f"{e.resource_type} {e.permission}")
def test_every_also_needed_entry_is_a_real_action_its_schema_omits(entry: Any) -> None:
    listed = {p for ps in registry.handler_permissions(entry.resource_type).values() for p in ps}

    assert sar.action(entry.permission) is not None
    assert entry.permission not in listed
    assert entry.url.startswith("https://docs.aws.amazon.com/")


@pytest.mark.parametrize("permission", sorted(UNSCOPED))
def test_every_unscoped_action_takes_a_resource(permission: str) -> None:
    found = sar.action(permission)

    assert found is not None
    assert found.arn_formats, f'{permission} supports only "*" anyway: drop it from UNSCOPED'
    assert UNSCOPED[permission][1].startswith("https://docs.aws.amazon.com/")


# ---------------------------------------------------------------- registry and docs


def test_the_registry_reads_handler_permissions_and_refuses_unknown_types() -> None:
    stackset = registry.handler_permissions("AWS::CloudFormation::StackSet")

    assert "cloudformation:GetTemplateSummary" in stackset["create"]
    assert registry.handler_permissions("Custom::BackupOrgPolicy")["delete"] == (
        "lambda:InvokeFunction",
    )
    assert registry.resource_types_in(_load("templates/stacksets.yaml")) == {
        "AWS::CloudFormation::StackSet"
    }
    with pytest.raises(registry.UnknownResourceTypeError, match="AWS::Nope::Thing"):
        registry.handler_permissions("AWS::Nope::Thing")


def test_docs_list_the_permissions_the_bootstrap_credentials_need() -> None:
    text = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)

    assert start != -1, f"docs/deployment.md lacks the block:\n{markdown()}"
    assert end != -1, f"docs/deployment.md lacks the block's end:\n{markdown()}"
    assert text[start : end + len(END)] == markdown(), f"regenerate the block:\n{markdown()}"
