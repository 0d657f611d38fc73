"""The pipeline's CloudFormation roles grant every permission the resource handlers call."""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

import pytest

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
from tests.templates.loader import REPO, load_path
from tests.templates.physical import Place

PLACE = Place("org-backup-stacksets", "222222222222", "eu-west-1")
STACKSET: dict[str, Any] = {
    "Type": "AWS::CloudFormation::StackSet",
    "Properties": {
        "StackSetName": "org-backup-member",
        "PermissionModel": "SERVICE_MANAGED",
        "TemplateURL": "https://org-backup-artifacts-222222222222-eu-west-1.s3.eu-west-1.amazonaws.com/templates/m.yaml",
    },
}
STACKSET_ARN = "arn:aws:cloudformation:*:222222222222:stackset/org-backup-*"
TEMPLATE_URL = {"cloudformation:TemplateUrl": "https://org-backup-artifacts-222222222222-*"}


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
    found = findings(load_path, deployment, all_variants=deployment.label == "base")

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
        ("DeployRole", f"{prefix}-monitoring", "templates/job-monitoring.yaml"),
        ("DeployRole", f"{prefix}-audit", "templates/audit-reports.yaml"),
    }


def test_every_deployed_type_has_handler_permissions_to_check() -> None:
    deployment = deployments(PIPELINE)[0]
    place = Place(deployment.stack_name, deployment.account_id, deployment.region)
    templates = {s.template for s in stack_roles(rendered(deployment), place)}
    unchecked = []
    for template in sorted(templates):
        body = render(load_path(template), deployments(template)[0])
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
        template = load_path(path)
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


def _with_statement(sid: str, change: Callable[[dict[str, Any]], None]) -> Any:
    """A template loader whose pipeline has ``change`` applied to DeployRole's statement ``sid``."""

    def load(path: str) -> dict[str, Any]:
        template = load_path(path)
        if path == PIPELINE:
            policy = template["Resources"]["DeployRole"]["Properties"]["Policies"][0]
            (statement,) = [s for s in policy["PolicyDocument"]["Statement"] if s.get("Sid") == sid]
            change(statement)
        return template

    return load


FUNCTION_ROLE = "arn:aws:iam::222222222222:role/org-backup-fn"
FUNCTION = {
    "Type": "AWS::Lambda::Function",
    "Properties": {
        "FunctionName": "org-backup-fn",
        "Role": FUNCTION_ROLE,
        "Code": {
            "S3Bucket": "org-backup-artifacts-222222222222-eu-west-1",
            "S3Key": "lambda/f.zip",
        },
    },
}


def _pass_role(condition: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "Sid": "PassFunctionRole",
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": "arn:aws:iam::222222222222:role/org-backup-*",
            "Condition": condition,
        }
    ]


def _pass_role_reasons(condition: dict[str, Any], resources: dict[str, Any]) -> list[str]:
    return [
        f.reason for f in _check(_pass_role(condition), resources) if f.permission == "iam:PassRole"
    ]


def test_a_template_url_condition_naming_another_bucket_fails() -> None:
    # The reviewer's change: every CreateStackSet would be denied on the first deploy.
    other = "https://s3.amazonaws.com/some-other-bucket/templates/*"

    def elsewhere(statement: dict[str, Any]) -> None:
        statement["Condition"]["StringLike"]["cloudformation:TemplateUrl"] = other

    load = _with_statement("CreateStackSetsFromSolutionTemplates", elsewhere)
    found = list(findings(load, deployments(PIPELINE)[0], all_variants=False))

    assert found
    assert {(f.role, f.template, f.permission) for f in found} == {
        ("DeployRole", "templates/stacksets.yaml", "cloudformation:CreateStackSet")
    }
    member = next(f for f in found if f.logical_id == "MemberStackSet")
    assert str(member).startswith(
        "pipeline/pipeline.yaml: role DeployRole deploying templates/stacksets.yaml: "
        "MemberStackSet (AWS::CloudFormation::StackSet) create handler needs "
        "cloudformation:CreateStackSet: allowed, but the condition does not hold: statement "
        "CreateStackSetsFromSolutionTemplates requires StringLike cloudformation:TemplateUrl "
        f"['{other}'], but the request carries cloudformation:TemplateUrl ['https://"
    )


def test_a_stackset_from_a_template_body_fails_a_template_url_condition() -> None:
    properties = dict(STACKSET["Properties"], TemplateBody="{}")
    del properties["TemplateURL"]
    inline = {"Type": STACKSET["Type"], "Properties": properties}

    assert [(f.permission, f.reason) for f in _check(_stackset_role(), {"Set": inline})] == [
        (
            "cloudformation:CreateStackSet",
            "allowed, but the condition does not hold: the statement of "
            "['cloudformation:CreateStackSet'] on ['*'] requires StringLike "
            f"cloudformation:TemplateUrl ['{TEMPLATE_URL['cloudformation:TemplateUrl']}'], "
            "but the request carries no cloudformation:TemplateUrl",
        )
    ]


def test_a_pass_role_to_the_wrong_service_fails() -> None:
    wrong = {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    right = {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}

    assert _pass_role_reasons(wrong, {"Function": FUNCTION}) == [
        f"allowed on {FUNCTION_ROLE}, but the condition does not hold: statement "
        "PassFunctionRole requires StringEquals iam:PassedToService ['ec2.amazonaws.com'], "
        "but the request carries iam:PassedToService ['lambda.amazonaws.com']"
    ]
    assert _pass_role_reasons(right, {"Function": FUNCTION}) == []


def test_the_pipelines_pass_role_to_the_wrong_service_fails() -> None:
    def to_ecs(statement: dict[str, Any]) -> None:
        statement["Condition"]["StringEquals"]["iam:PassedToService"] = "ecs-tasks.amazonaws.com"

    load = _with_statement("PassSolutionRolesToLambda", to_ecs)
    found = list(findings(load, deployments(PIPELINE)[0], all_variants=False))

    assert found
    assert {(f.template, f.resource_type, f.permission) for f in found} == {
        ("templates/org-policies.yaml", "AWS::Lambda::Function", "iam:PassRole"),
        ("templates/job-monitoring.yaml", "AWS::Lambda::Function", "iam:PassRole"),
    }
    assert all("requires StringEquals iam:PassedToService" in f.reason for f in found)


def test_a_condition_on_a_key_the_model_lacks_fails() -> None:
    associated = {"ArnLike": {"iam:AssociatedResourceArn": "arn:aws:lambda:*:*:function:org-*"}}

    assert _pass_role_reasons(associated, {"Function": FUNCTION}) == [
        f"allowed on {FUNCTION_ROLE}, but the condition does not hold: cannot evaluate ArnLike "
        "iam:AssociatedResourceArn on statement PassFunctionRole: add the key to the model"
    ]


def test_a_pass_role_to_a_service_the_model_cannot_name_fails() -> None:
    # A CloudFormation action's RoleArn: which service receives it is not in PASSED_TO.
    pipeline = {
        "Type": "AWS::CodePipeline::Pipeline",
        "Properties": {
            "Name": "org-backup-pipeline",
            "RoleArn": "arn:aws:iam::222222222222:role/org-backup-pipeline",
            "Stages": [
                {
                    "Name": "Deploy",
                    "Actions": [{"Configuration": {"RoleArn": FUNCTION_ROLE}}],
                }
            ],
        },
    }
    to_pipeline = {"StringEquals": {"iam:PassedToService": "codepipeline.amazonaws.com"}}

    assert _pass_role_reasons(to_pipeline, {"Pipeline": pipeline}) == [
        f"allowed on {FUNCTION_ROLE}, but the condition does not hold: cannot evaluate "
        "StringEquals iam:PassedToService on statement PassFunctionRole: add the key to the model"
    ]


def test_a_condition_operator_the_evaluator_lacks_fails() -> None:
    dated = {"DateLessThan": {"aws:RequestedRegion": "2030-01-01T00:00:00Z"}}

    assert _pass_role_reasons(dated, {"Function": FUNCTION}) == [
        f"allowed on {FUNCTION_ROLE}, but the condition does not hold: cannot evaluate "
        "DateLessThan aws:RequestedRegion on statement PassFunctionRole: condition operator "
        "DateLessThan is not modelled"
    ]


def test_an_unconditional_grant_makes_a_conditional_one_moot() -> None:
    associated = {"ArnLike": {"iam:AssociatedResourceArn": "arn:aws:lambda:*:*:function:org-*"}}
    statements = [
        *_pass_role(associated),
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": FUNCTION_ROLE},
    ]

    assert [
        f for f in _check(statements, {"Function": FUNCTION}) if f.permission == "iam:PassRole"
    ] == []


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
    assert registry.resource_types_in(load_path("templates/stacksets.yaml")) == {
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
