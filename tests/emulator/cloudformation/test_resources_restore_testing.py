"""AWS::Backup::RestoreTestingPlan and RestoreTestingSelection: a stack creates, updates and
deletes them, and the Backup API reads back what the template says."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.emulator.cloudformation.conftest import Deploy, read_stack

ROLE = "arn:aws:iam::123456789012:role/restore-testing"


def _template(window_days: int = 7, *, tags: dict[str, str], selection: dict[str, Any]) -> str:
    resources = {
        "Plan": {
            "Type": "AWS::Backup::RestoreTestingPlan",
            "Properties": {
                "RestoreTestingPlanName": "weekly_restore_test",
                "ScheduleExpression": "cron(0 5 ? * SUN *)",
                "StartWindowHours": 4,
                "RecoveryPointSelection": {
                    "Algorithm": "LATEST_WITHIN_WINDOW",
                    "IncludeVaults": ["*"],
                    "RecoveryPointTypes": ["SNAPSHOT"],
                    "SelectionWindowDays": window_days,
                },
                "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
            },
        },
        "Selection": {
            "Type": "AWS::Backup::RestoreTestingSelection",
            "Properties": {
                "RestoreTestingPlanName": {"Ref": "Plan"},
                "RestoreTestingSelectionName": "dynamodb_tables",
                "ProtectedResourceType": "DynamoDB",
                "IamRoleArn": ROLE,
                **selection,
            },
        },
    }
    outputs = {
        "PlanName": {"Value": {"Ref": "Plan"}},
        "PlanArn": {"Value": {"Fn::GetAtt": ["Plan", "RestoreTestingPlanArn"]}},
        "SelectionRef": {"Value": {"Ref": "Selection"}},
    }
    return json.dumps({"Resources": resources, "Outputs": outputs})


FIRST_SELECTION = {
    "ProtectedResourceArns": ["*"],
    "ProtectedResourceConditions": {
        "StringEquals": [{"Key": "aws:ResourceTag/restore-test", "Value": "yes"}]
    },
    "ValidationWindowHours": 2,
}


def test_a_stack_creates_updates_and_deletes_both_types(deploy: Deploy) -> None:
    backup, cloudformation = boto3.client("backup"), boto3.client("cloudformation")
    stack = deploy("rt", _template(tags={"team": "dr"}, selection=FIRST_SELECTION))
    assert stack.status == "CREATE_COMPLETE", stack.events
    outputs = stack.outputs()
    assert outputs["PlanName"] == "weekly_restore_test"
    assert outputs["SelectionRef"] == "weekly_restore_test|dynamodb_tables"
    plan = backup.get_restore_testing_plan(RestoreTestingPlanName="weekly_restore_test")
    assert plan["RestoreTestingPlan"]["RestoreTestingPlanArn"] == outputs["PlanArn"]
    assert plan["RestoreTestingPlan"]["RecoveryPointSelection"]["SelectionWindowDays"] == 7
    assert plan["RestoreTestingPlan"]["StartWindowHours"] == 4
    assert backup.list_tags(ResourceArn=outputs["PlanArn"])["Tags"] == {"team": "dr"}
    selection = backup.get_restore_testing_selection(
        RestoreTestingPlanName="weekly_restore_test", RestoreTestingSelectionName="dynamodb_tables"
    )["RestoreTestingSelection"]
    assert selection["ValidationWindowHours"] == 2
    assert (
        selection["ProtectedResourceConditions"] == FIRST_SELECTION["ProtectedResourceConditions"]
    )

    cloudformation.update_stack(
        StackName="rt",
        TemplateBody=_template(
            14,
            tags={"owner": "ops"},
            selection={
                "ProtectedResourceArns": ["arn:aws:dynamodb:us-east-1:123456789012:table/a"]
            },
        ),
    )
    updated = read_stack(cloudformation, "rt")
    assert updated.status == "UPDATE_COMPLETE", updated.events
    assert updated.outputs()["PlanArn"] == outputs["PlanArn"]  # updated in place
    plan = backup.get_restore_testing_plan(RestoreTestingPlanName="weekly_restore_test")
    assert plan["RestoreTestingPlan"]["RecoveryPointSelection"]["SelectionWindowDays"] == 14
    assert backup.list_tags(ResourceArn=outputs["PlanArn"])["Tags"] == {"owner": "ops"}
    selection = backup.get_restore_testing_selection(
        RestoreTestingPlanName="weekly_restore_test", RestoreTestingSelectionName="dynamodb_tables"
    )["RestoreTestingSelection"]
    assert selection["ProtectedResourceArns"] == ["arn:aws:dynamodb:us-east-1:123456789012:table/a"]
    assert "ProtectedResourceConditions" not in selection
    assert "ValidationWindowHours" not in selection

    cloudformation.delete_stack(StackName="rt")
    assert backup.list_restore_testing_plans()["RestoreTestingPlans"] == []
    with pytest.raises(ClientError) as error:
        backup.get_restore_testing_plan(RestoreTestingPlanName="weekly_restore_test")
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_a_selection_the_api_refuses_fails_the_stack_and_rolls_back(deploy: Deploy) -> None:
    bad = {"ProtectedResourceArns": ["*"], "ValidationWindowHours": 169}
    stack = deploy("rt", _template(tags={}, selection=bad))
    assert stack.status == "ROLLBACK_COMPLETE"
    reasons = " ".join(reason for _, reason in stack.resource_events("Selection"))
    assert "ValidationWindowHours" in reasons
    assert boto3.client("backup").list_restore_testing_plans()["RestoreTestingPlans"] == []
