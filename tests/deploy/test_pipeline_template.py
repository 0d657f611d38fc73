"""pipeline/pipeline.yaml: exactly one source per provider, least-privilege roles, lint-clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint_file  # type: ignore[import-untyped, unused-ignore]

from orgbackup.deploy.templates import load_document, read_template
from tests.deploy.conftest import ROOT
from tests.templates import sar

TEMPLATE = ROOT / "pipeline" / "pipeline.yaml"
# Administrator-style grants no role of the pipeline may hold.
FORBIDDEN_ACTIONS = {"*", "iam:*", "s3:*", "cloudformation:*", "kms:*", "organizations:*"}


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    document: dict[str, Any] = load_document(TEMPLATE)
    return document


def _condition_value(template: dict[str, Any], name: str) -> str:
    """The SourceProvider value a condition ``Equals [Ref SourceProvider, value]`` tests."""
    reference, value = template["Conditions"][name]["Fn::Equals"]
    assert reference == {"Ref": "SourceProvider"}
    return str(value)


def _chosen(template: dict[str, Any], provider: str, actions: list[Any]) -> list[dict[str, Any]]:
    """The actions that exist when SourceProvider is ``provider``."""
    chosen = []
    for action in actions:
        condition, present, absent = action["Fn::If"]
        assert absent == {"Ref": "AWS::NoValue"}
        if _condition_value(template, condition) == provider:
            chosen.append(present)
    return chosen


def test_each_source_provider_yields_exactly_one_source_action(template: dict[str, Any]) -> None:
    providers = template["Parameters"]["SourceProvider"]["AllowedValues"]
    stages = template["Resources"]["Pipeline"]["Properties"]["Stages"]
    source = next(stage for stage in stages if stage["Name"] == "Source")["Actions"]
    expected = {
        "CodeConnections": "CodeStarSourceConnection",
        "CodeCommit": "CodeCommit",
        "S3": "S3",
    }

    assert sorted(providers) == sorted(expected)
    assert template["Parameters"]["SourceProvider"]["Default"] == "CodeConnections"
    for provider in providers:
        chosen = _chosen(template, provider, source)
        assert [action["ActionTypeId"]["Provider"] for action in chosen] == [expected[provider]]
        assert chosen[0]["Name"] == "Source"
        assert chosen[0]["OutputArtifacts"] == [{"Name": "SourceOutput"}]


def test_stages_run_in_order(template: dict[str, Any]) -> None:
    stages = template["Resources"]["Pipeline"]["Properties"]["Stages"]

    assert [stage["Name"] for stage in stages] == [
        "Source",
        "Validate",
        "UpdatePipeline",
        "TestAndPackage",
        "Deploy",
    ]
    deploy = stages[-1]["Actions"]
    approval = deploy[0]["Fn::If"]
    assert approval[0] == "RequireApproval"
    assert approval[1]["ActionTypeId"]["Category"] == "Approval"
    # Optional stacks are Fn::If [condition, action, AWS::NoValue].
    present = [action.get("Fn::If", [None, action])[1] for action in deploy[1:]]
    ordered = [(action["RunOrder"], action["Name"]) for action in present]
    assert ordered == [
        (2, "Publish"),
        (3, "JobMonitoring"),
        (4, "StackSets"),
        (5, "OrganizationPolicies"),
        (6, "AuditReports"),
    ]


def _statements(node: Any) -> Iterator[dict[str, Any]]:
    """Every policy statement under ``node``, taking both branches of each ``Fn::If``."""
    if isinstance(node, dict):
        if "Effect" in node and ("Action" in node or "NotAction" in node):
            yield node
            return
        for value in node.values():
            yield from _statements(value)
    elif isinstance(node, list):
        for item in node:
            yield from _statements(item)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_no_role_has_wildcard_admin_style_actions(template: dict[str, Any]) -> None:
    roles = {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::IAM::Role"
    }
    assert len(roles) >= 5
    for name, role in roles.items():
        statements = list(_statements(role["Properties"].get("Policies", [])))
        assert statements, name
        for statement in statements:
            assert "NotAction" not in statement, name
            actions = _as_list(statement["Action"])
            assert not set(actions) & FORBIDDEN_ACTIONS, (name, statement.get("Sid"))
            assert all(not action.endswith(":*") for action in actions), (name, statement)
            if "*" in _as_list(statement.get("Resource")):
                # On every resource, only reads, plus actions that have no resource to name
                # (the SAR lists no resource type for them, e.g. kms:CreateKey).
                for action in actions:
                    found = sar.action(action)
                    unscoped = found is not None and found.arn_formats == ()
                    read = action.split(":")[1].startswith(("Describe", "List", "Get"))
                    assert read or unscoped, (name, statement)
        assert "ManagedPolicyArns" not in role["Properties"], name


def test_codebuild_projects_run_the_repository_buildspecs(template: dict[str, Any]) -> None:
    projects = [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::CodeBuild::Project"
    ]

    specs = sorted(project["Source"]["BuildSpec"] for project in projects)
    assert specs == [f"buildspecs/{name}.yml" for name in ("deploy", "package", "test", "validate")]
    for spec in specs:
        assert (ROOT / spec).is_file()
    assert all(not project["Environment"]["PrivilegedMode"] for project in projects)


def test_deploy_actions_read_the_configurations_publish_writes(template: dict[str, Any]) -> None:
    stages = template["Resources"]["Pipeline"]["Properties"]["Stages"]
    deploy = [a for a in stages[-1]["Actions"] if "Configuration" in a]
    configurations = {
        action["Configuration"]["TemplatePath"]: action["Configuration"]["TemplateConfiguration"]
        for action in deploy
        if "TemplatePath" in action["Configuration"]
    }

    assert configurations == {
        "SourceOutput::templates/stacksets.yaml": "DeployConfig::out/deploy/stacksets.json",
        "DeployConfig::out/deploy/org-policies.yaml": "DeployConfig::out/deploy/org-policies.json",
    }


def test_every_parameter_has_a_description_and_a_constraint() -> None:
    parameters = read_template(TEMPLATE).parameters

    for name, spec in parameters.items():
        assert spec.get("Description"), name
        assert "AllowedPattern" in spec or "AllowedValues" in spec, name


def test_cfn_lint_reports_nothing() -> None:
    matches = lint_file(Path(TEMPLATE), config=ManualArgs(regions=["us-east-1", "eu-west-1"]))

    assert [str(match) for match in matches] == []
