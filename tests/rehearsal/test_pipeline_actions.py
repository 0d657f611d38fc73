"""The CodePipeline CloudFormation action runner: actions read from a pipeline's declaration,
run in order with their template, template configuration, capabilities and role."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from rehearsal.flow.pipeline_actions import (
    PipelineActionError,
    cloudformation_actions,
    run_action,
)

TEMPLATE = {
    "Parameters": {"TopicName": {"Type": "String"}},
    "Resources": {
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "TopicName"}}}
    },
}


def _action(name: str, order: int, provider: str = "CloudFormation", **settings: str) -> Any:
    category = "Deploy" if provider == "CloudFormation" else "Build"
    return {
        "name": name,
        "runOrder": order,
        "actionTypeId": {
            "category": category,
            "owner": "AWS",
            "provider": provider,
            "version": "1",
        },
        "configuration": settings,
    }


def _settings(mode: str = "CREATE_UPDATE") -> dict[str, str]:
    return {
        "ActionMode": mode,
        "StackName": "topics",
        "TemplatePath": "SourceOutput::templates/topic.json",
        "TemplateConfiguration": "DeployConfig::out/topic.json",
        "Capabilities": "CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND",
        "RoleArn": "arn:aws:iam::123456789012:role/deploy",
    }


@pytest.fixture
def artifacts(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "templates").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "templates" / "topic.json").write_text(json.dumps(TEMPLATE))
    configuration = {"Parameters": {"TopicName": "first"}, "Tags": {"Deployment": "tests"}}
    (tmp_path / "out" / "topic.json").write_text(json.dumps(configuration))
    return {"SourceOutput": tmp_path, "DeployConfig": tmp_path}


def test_only_the_stage_cloudformation_actions_in_run_order() -> None:
    pipeline = {
        "name": "p",
        "stages": [
            {
                "name": "Deploy",
                "actions": [
                    _action("Second", 4, StackName="b"),
                    _action("Publish", 2, provider="CodeBuild", ProjectName="x"),
                    _action("First", 3, StackName="a"),
                ],
            }
        ],
    }
    assert [a.name for a in cloudformation_actions(pipeline, "Deploy")] == ["First", "Second"]
    with pytest.raises(PipelineActionError, match="has no stage Release"):
        cloudformation_actions(pipeline, "Release")


def test_creates_then_updates_the_stack_from_the_configuration(
    aws: None, artifacts: dict[str, Path]
) -> None:
    cloudformation = boto3.client("cloudformation", region_name="eu-west-1")
    action = cloudformation_actions(
        {"stages": [{"name": "Deploy", "actions": [_action("Topics", 1, **_settings())]}]},
        "Deploy",
    )[0]

    assert run_action(cloudformation, action, artifacts) == "CREATE_COMPLETE"
    stack = cloudformation.describe_stacks(StackName="topics")["Stacks"][0]
    assert stack["Parameters"] == [{"ParameterKey": "TopicName", "ParameterValue": "first"}]
    assert stack["Tags"] == [{"Key": "Deployment", "Value": "tests"}]
    assert stack["RoleARN"] == "arn:aws:iam::123456789012:role/deploy"

    configuration = artifacts["DeployConfig"] / "out" / "topic.json"
    configuration.write_text(json.dumps({"Parameters": {"TopicName": "second"}}))
    assert run_action(cloudformation, action, artifacts) == "UPDATE_COMPLETE"
    topics = boto3.client("sns", region_name="eu-west-1").list_topics()["Topics"]
    assert [t["TopicArn"].rsplit(":", 1)[-1] for t in topics] == ["second"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({**_settings("DELETE_ONLY")}, "ActionMode DELETE_ONLY is not rehearsed"),
        ({**_settings(), "TemplatePath": "Missing::t.json"}, "no input artifact 'Missing'"),
    ],
    ids=["mode", "artifact"],
)
def test_refuses_what_it_cannot_run_before_any_call(
    aws: None, artifacts: dict[str, Path], settings: dict[str, str], message: str
) -> None:
    cloudformation = boto3.client("cloudformation", region_name="eu-west-1")
    action = cloudformation_actions(
        {"stages": [{"name": "Deploy", "actions": [_action("Topics", 1, **settings)]}]}, "Deploy"
    )[0]
    with pytest.raises(PipelineActionError, match=message):
        run_action(cloudformation, action, artifacts)
    assert cloudformation.list_stacks()["StackSummaries"] == []
