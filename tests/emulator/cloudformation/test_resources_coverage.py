"""Every resource type and property the repository's templates use has a model in the
emulator that honours it (or an explicit, reasoned acceptance), checked against the
CloudFormation registry schemas cfn-lint ships, the reference independent of our code."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import boto3
import pytest
from cfnlint.decode import decode
from moto.cloudformation import parsing

from rehearsal.emulator.cloudformation import COVERAGE, MODELS, schemas
from rehearsal.emulator.cloudformation.coverage import DELEGATED_PREFIXES, DELEGATED_TYPES
from tests.emulator.cloudformation.conftest import REPO, Deploy

TEMPLATE_PATHS = [*sorted((REPO / "templates").glob("*.yaml")), REPO / "pipeline/pipeline.yaml"]


def _inventory() -> dict[str, set[str]]:
    used: dict[str, set[str]] = defaultdict(set)
    for path in TEMPLATE_PATHS:
        template, errors = decode(str(path))
        assert not errors, (path, errors)
        for resource in template["Resources"].values():
            used[resource["Type"]] |= set(resource.get("Properties") or {})
    return dict(used)


INVENTORY = _inventory()
OWN_TYPES = sorted(
    t for t in INVENTORY if t not in DELEGATED_TYPES and not t.startswith(DELEGATED_PREFIXES)
)


def test_the_inventory_is_the_templates_types() -> None:
    # A new type in a template must get a row here (and a model) before it can deploy.
    assert Path(TEMPLATE_PATHS[0]).is_file()
    assert "AWS::Backup::BackupVault" in OWN_TYPES
    assert "AWS::CloudFormation::StackSet" in INVENTORY
    assert "AWS::CloudFormation::StackSet" not in OWN_TYPES


@pytest.mark.parametrize("resource_type", OWN_TYPES)
def test_every_template_type_has_a_model_and_every_property_is_covered(
    aws: None, resource_type: str
) -> None:
    assert resource_type in parsing.get_model_map()
    coverage = COVERAGE[resource_type]
    uncovered = INVENTORY[resource_type] - coverage.honoured - set(coverage.accepted)
    assert uncovered == set()


@pytest.mark.parametrize("resource_type", sorted(COVERAGE))
def test_covered_properties_are_the_registry_schemas(resource_type: str) -> None:
    coverage = COVERAGE[resource_type]
    allowed = schemas.properties(resource_type)
    assert coverage.honoured - allowed == set()
    assert set(coverage.accepted) - allowed == set()
    assert not coverage.honoured & set(coverage.accepted)
    assert all(reason.strip() for reason in coverage.accepted.values())


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.TYPE)
def test_our_models_answer_every_attribute_and_name_the_schema_gives(model: type) -> None:
    resource_type = model.TYPE  # type: ignore[attr-defined]
    assert schemas.registry_schema(resource_type) is not None
    assert all(model.has_cfn_attr(a) for a in schemas.attributes(resource_type))  # type: ignore[attr-defined]
    assert not model.has_cfn_attr("NoSuchAttribute")  # type: ignore[attr-defined]
    name_property = model.cloudformation_name_type()  # type: ignore[attr-defined]
    assert name_property == "" or name_property in schemas.properties(resource_type)
    assert resource_type in COVERAGE


def test_get_att_returns_every_schema_attribute_of_our_models(deploy: Deploy) -> None:
    queue = boto3.client("sqs").create_queue(QueueName="q")["QueueUrl"]
    topic = boto3.client("sns").create_topic(Name="t")["TopicArn"]
    resources = {
        "Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": "v"}},
        "AirGapped": {
            "Type": "AWS::Backup::LogicallyAirGappedBackupVault",
            "Properties": {"BackupVaultName": "ag", "MinRetentionDays": 7, "MaxRetentionDays": 30},
        },
        "Plan": {
            "Type": "AWS::Backup::BackupPlan",
            "Properties": {
                "BackupPlan": {
                    "BackupPlanName": "p",
                    "BackupPlanRule": [
                        {
                            "RuleName": "daily",
                            "TargetBackupVault": {"Ref": "Vault"},
                            "ScheduleExpression": "cron(0 5 * * ? *)",
                        }
                    ],
                }
            },
        },
        "Selection": {
            "Type": "AWS::Backup::BackupSelection",
            "Properties": {
                "BackupPlanId": {"Ref": "Plan"},
                "BackupSelection": {
                    "SelectionName": "tagged",
                    "IamRoleArn": "arn:aws:iam::123456789012:role/backup",
                    "ListOfTags": [
                        {
                            "ConditionType": "STRINGEQUALS",
                            "ConditionKey": "backup",
                            "ConditionValue": "daily",
                        }
                    ],
                },
            },
        },
        "TopicPolicy": {
            "Type": "AWS::SNS::TopicPolicy",
            "Properties": {"Topics": [topic], "PolicyDocument": {"Statement": []}},
        },
        "QueuePolicy": {
            "Type": "AWS::SQS::QueuePolicy",
            "Properties": {"Queues": [queue], "PolicyDocument": {"Statement": []}},
        },
        "Subscription": {
            "Type": "AWS::SNS::Subscription",
            "Properties": {
                "TopicArn": topic,
                "Protocol": "sqs",
                "Endpoint": "arn:aws:sqs:us-east-1:123456789012:q",
            },
        },
    }
    outputs = {
        f"{logical_id}{attribute}": {"Value": {"Fn::GetAtt": [logical_id, attribute]}}
        for logical_id, resource in resources.items()
        for attribute in sorted(schemas.attributes(str(resource["Type"])))
    }
    stack = deploy("zoo", json.dumps({"Resources": resources, "Outputs": outputs}))
    assert stack.status == "CREATE_COMPLETE", stack.events
    values = stack.outputs()
    assert set(values) == set(outputs)
    assert all(values.values())
    plan = boto3.client("backup").get_backup_plan(BackupPlanId=values["PlanBackupPlanId"])
    assert plan["BackupPlan"]["Rules"][0]["TargetBackupVaultName"] == "v"
    assert values["AirGappedVaultType"] == "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
    selection = boto3.client("backup").get_backup_selection(
        BackupPlanId=values["PlanBackupPlanId"], SelectionId=values["SelectionSelectionId"]
    )
    assert selection["BackupSelection"]["ListOfTags"][0]["ConditionValue"] == "daily"
    listed = boto3.client("backup").list_backup_selections(BackupPlanId=values["PlanBackupPlanId"])
    assert [s["SelectionName"] for s in listed["BackupSelectionsList"]] == ["tagged"]
