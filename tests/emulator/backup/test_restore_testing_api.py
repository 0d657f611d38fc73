"""The restore testing plan and selection operations through boto3, in-process and as a server:
round trips, AWS's error codes for bad input (each message naming the field), and state left
unchanged by a refused request.

https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingSelection.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/restore-testing"
PLAN = {
    "RestoreTestingPlanName": "daily_test",
    "ScheduleExpression": "cron(0 5 ? * * *)",
    "RecoveryPointSelection": {
        "Algorithm": "LATEST_WITHIN_WINDOW",
        "IncludeVaults": ["*"],
        "RecoveryPointTypes": ["SNAPSHOT"],
        "SelectionWindowDays": 7,
    },
}
SELECTION = {
    "RestoreTestingSelectionName": "tables",
    "ProtectedResourceType": "DynamoDB",
    "IamRoleArn": ROLE,
    "ProtectedResourceArns": ["*"],
    "ValidationWindowHours": 4,
    "RestoreMetadataOverrides": {"encryptionType": "Default"},
}


def _code(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]


def _round_trip() -> None:
    backup = boto3.client("backup")
    created = backup.create_restore_testing_plan(RestoreTestingPlan=PLAN, Tags={"team": "dr"})
    assert created["RestoreTestingPlanName"] == "daily_test"
    assert ":restore-testing-plan:daily_test-" in created["RestoreTestingPlanArn"]
    plan = backup.get_restore_testing_plan(RestoreTestingPlanName="daily_test")
    assert plan["RestoreTestingPlan"]["RecoveryPointSelection"] == PLAN["RecoveryPointSelection"]
    assert backup.list_tags(ResourceArn=created["RestoreTestingPlanArn"])["Tags"] == {"team": "dr"}
    listed = backup.list_restore_testing_plans()["RestoreTestingPlans"]
    assert [p["RestoreTestingPlanArn"] for p in listed] == [created["RestoreTestingPlanArn"]]

    selection = backup.create_restore_testing_selection(
        RestoreTestingPlanName="daily_test", RestoreTestingSelection=SELECTION
    )
    assert selection["RestoreTestingPlanArn"] == created["RestoreTestingPlanArn"]
    got = backup.get_restore_testing_selection(
        RestoreTestingPlanName="daily_test", RestoreTestingSelectionName="tables"
    )["RestoreTestingSelection"]
    assert {k: got[k] for k in SELECTION} == SELECTION
    updated = backup.update_restore_testing_selection(
        RestoreTestingPlanName="daily_test",
        RestoreTestingSelectionName="tables",
        RestoreTestingSelection={"ValidationWindowHours": 12},
    )
    assert updated["UpdateTime"] >= updated["CreationTime"]
    listed_selections = backup.list_restore_testing_selections(RestoreTestingPlanName="daily_test")[
        "RestoreTestingSelections"
    ]
    assert [
        (s["RestoreTestingSelectionName"], s["ValidationWindowHours"]) for s in listed_selections
    ] == [("tables", 12)]
    backup.update_restore_testing_plan(
        RestoreTestingPlanName="daily_test",
        RestoreTestingPlan={"StartWindowHours": 2, "ScheduleExpressionTimezone": "Europe/Paris"},
    )
    plan = backup.get_restore_testing_plan(RestoreTestingPlanName="daily_test")
    assert plan["RestoreTestingPlan"]["StartWindowHours"] == 2
    assert plan["RestoreTestingPlan"]["ScheduleExpressionTimezone"] == "Europe/Paris"

    # DeleteRestoreTestingPlan: "Deletion can only successfully occur if all associated
    # restore testing selections are deleted first."
    with pytest.raises(ClientError) as refused:
        backup.delete_restore_testing_plan(RestoreTestingPlanName="daily_test")
    assert _code(refused)[0] == "InvalidRequestException"
    backup.delete_restore_testing_selection(
        RestoreTestingPlanName="daily_test", RestoreTestingSelectionName="tables"
    )
    backup.delete_restore_testing_plan(RestoreTestingPlanName="daily_test")
    assert backup.list_restore_testing_plans()["RestoreTestingPlans"] == []


def test_every_operation_round_trips_in_process(aws: None) -> None:
    _round_trip()


def test_every_operation_round_trips_over_the_server(emulator_endpoint: str) -> None:
    _round_trip()


def _plan(**changes: Any) -> dict[str, Any]:
    plan = dict(PLAN) | changes
    return {k: v for k, v in plan.items() if v is not None}


def _points(**changes: Any) -> dict[str, Any]:
    selection = dict(PLAN["RecoveryPointSelection"]) | changes  # type: ignore[arg-type]
    return _plan(RecoveryPointSelection={k: v for k, v in selection.items() if v is not None})


PLAN_ERRORS = [
    (
        _plan(RestoreTestingPlanName="daily-test"),
        "InvalidParameterValueException",
        "RestoreTestingPlanName",
    ),
    (
        _plan(RestoreTestingPlanName="x" * 51),
        "InvalidParameterValueException",
        "RestoreTestingPlanName",
    ),
    (_plan(ScheduleExpression="every day"), "InvalidParameterValueException", "ScheduleExpression"),
    (
        _plan(ScheduleExpressionTimezone="Mars/Olympus"),
        "InvalidParameterValueException",
        "ScheduleExpressionTimezone",
    ),
    (_plan(StartWindowHours=169), "InvalidParameterValueException", "StartWindowHours"),
    (_points(Algorithm="OLDEST"), "InvalidParameterValueException", "Algorithm"),
    (_points(Algorithm=None), "MissingParameterValueException", "Algorithm"),
    (_points(IncludeVaults=None), "MissingParameterValueException", "IncludeVaults"),
    (_points(RecoveryPointTypes=["FULL"]), "InvalidParameterValueException", "RecoveryPointTypes"),
    (_points(SelectionWindowDays=0), "InvalidParameterValueException", "SelectionWindowDays"),
    (_points(SelectionWindowDays=366), "InvalidParameterValueException", "SelectionWindowDays"),
]


@pytest.mark.parametrize(("plan", "code", "field"), PLAN_ERRORS, ids=[e[2] for e in PLAN_ERRORS])
def test_a_bad_plan_is_refused_naming_the_field(
    aws: None, plan: dict[str, Any], code: str, field: str
) -> None:
    backup = boto3.client("backup")
    with pytest.raises(ClientError) as error:
        backup.create_restore_testing_plan(RestoreTestingPlan=plan)
    assert _code(error)[0] == code
    assert field in _code(error)[1]
    assert backup.list_restore_testing_plans()["RestoreTestingPlans"] == []


def _selection(**changes: Any) -> dict[str, Any]:
    selection = dict(SELECTION) | changes
    return {k: v for k, v in selection.items() if v is not None}


CONDITIONS = {"StringEquals": [{"Key": "aws:ResourceTag/restore-test", "Value": "yes"}]}
SELECTION_ERRORS = [
    (
        _selection(RestoreTestingSelectionName="a b"),
        "InvalidParameterValueException",
        "RestoreTestingSelectionName",
    ),
    (
        _selection(ProtectedResourceType="Lambda"),
        "InvalidParameterValueException",
        "ProtectedResourceType",
    ),
    (
        _selection(IamRoleArn="arn:aws:iam::123456789012:user/x"),
        "InvalidParameterValueException",
        "IamRoleArn",
    ),
    (
        _selection(ValidationWindowHours=169),
        "InvalidParameterValueException",
        "ValidationWindowHours",
    ),
    (
        _selection(ProtectedResourceArns=["*", "arn:aws:dynamodb:us-east-1:123456789012:table/t"]),
        "InvalidParameterValueException",
        "ProtectedResourceArns",
    ),
    (
        _selection(
            ProtectedResourceArns=[
                f"arn:aws:dynamodb:us-east-1:123456789012:table/t{i}" for i in range(31)
            ]
        ),
        "InvalidParameterValueException",
        "ProtectedResourceArns",
    ),
    (
        _selection(
            ProtectedResourceArns=["arn:aws:dynamodb:us-east-1:123456789012:table/t"],
            ProtectedResourceConditions=CONDITIONS,
        ),
        "InvalidParameterValueException",
        "ProtectedResourceConditions",
    ),
    (
        _selection(ProtectedResourceArns=None),
        "MissingParameterValueException",
        "ProtectedResourceArns",
    ),
    (
        _selection(
            ProtectedResourceConditions={"StringEquals": [{"Key": "aws:region", "Value": "x"}]}
        ),
        "InvalidParameterValueException",
        "StringEquals[0].Key",
    ),
]


@pytest.mark.parametrize(
    ("selection", "code", "field"),
    SELECTION_ERRORS,
    ids=[f"{e[2]}-{i}" for i, e in enumerate(SELECTION_ERRORS)],
)
def test_a_bad_selection_is_refused_naming_the_field(
    aws: None, selection: dict[str, Any], code: str, field: str
) -> None:
    backup = boto3.client("backup")
    backup.create_restore_testing_plan(RestoreTestingPlan=PLAN)
    with pytest.raises(ClientError) as error:
        backup.create_restore_testing_selection(
            RestoreTestingPlanName="daily_test", RestoreTestingSelection=selection
        )
    assert _code(error)[0] == code
    assert field in _code(error)[1]
    listed = backup.list_restore_testing_selections(RestoreTestingPlanName="daily_test")
    assert listed["RestoreTestingSelections"] == []


def test_names_are_unique_and_a_retried_request_returns_the_first_answer(aws: None) -> None:
    backup = boto3.client("backup")
    first = backup.create_restore_testing_plan(RestoreTestingPlan=PLAN, CreatorRequestId="req-1")
    again = backup.create_restore_testing_plan(RestoreTestingPlan=PLAN, CreatorRequestId="req-1")
    assert again["RestoreTestingPlanArn"] == first["RestoreTestingPlanArn"]
    with pytest.raises(ClientError) as error:
        backup.create_restore_testing_plan(RestoreTestingPlan=PLAN)
    assert _code(error)[0] == "AlreadyExistsException"
    backup.create_restore_testing_selection(
        RestoreTestingPlanName="daily_test", RestoreTestingSelection=SELECTION
    )
    with pytest.raises(ClientError) as error:
        backup.create_restore_testing_selection(
            RestoreTestingPlanName="daily_test", RestoreTestingSelection=SELECTION
        )
    assert _code(error)[0] == "AlreadyExistsException"


def test_unknown_plans_and_selections_are_not_found(aws: None) -> None:
    backup = boto3.client("backup")
    calls: list[Callable[[], Any]] = [
        lambda: backup.get_restore_testing_plan(RestoreTestingPlanName="nope"),
        lambda: backup.update_restore_testing_plan(
            RestoreTestingPlanName="nope", RestoreTestingPlan={"StartWindowHours": 2}
        ),
        lambda: backup.list_restore_testing_selections(RestoreTestingPlanName="nope"),
        lambda: backup.create_restore_testing_selection(
            RestoreTestingPlanName="nope", RestoreTestingSelection=SELECTION
        ),
        lambda: backup.get_restore_testing_selection(
            RestoreTestingPlanName="nope", RestoreTestingSelectionName="tables"
        ),
        lambda: backup.delete_restore_testing_selection(
            RestoreTestingPlanName="nope", RestoreTestingSelectionName="tables"
        ),
    ]
    for call in calls:
        with pytest.raises(ClientError) as error:
            call()
        assert _code(error)[0] == "ResourceNotFoundException"


def test_an_update_that_breaks_the_selection_is_refused_and_changes_nothing(aws: None) -> None:
    backup = boto3.client("backup")
    backup.create_restore_testing_plan(RestoreTestingPlan=PLAN)
    backup.create_restore_testing_selection(
        RestoreTestingPlanName="daily_test",
        RestoreTestingSelection=_selection(ProtectedResourceConditions=CONDITIONS),
    )
    with pytest.raises(ClientError) as error:
        backup.update_restore_testing_selection(
            RestoreTestingPlanName="daily_test",
            RestoreTestingSelectionName="tables",
            RestoreTestingSelection={
                "ProtectedResourceArns": ["arn:aws:dynamodb:us-east-1:123456789012:table/t"]
            },
        )
    assert "ProtectedResourceConditions" in _code(error)[1]
    got = backup.get_restore_testing_selection(
        RestoreTestingPlanName="daily_test", RestoreTestingSelectionName="tables"
    )["RestoreTestingSelection"]
    assert got["ProtectedResourceArns"] == ["*"]


def test_lists_page_with_next_token(aws: None) -> None:
    backup = boto3.client("backup")
    for index in range(3):
        backup.create_restore_testing_plan(
            RestoreTestingPlan=_plan(RestoreTestingPlanName=f"plan_{index}")
        )
    first = backup.list_restore_testing_plans(MaxResults=2)
    second = backup.list_restore_testing_plans(MaxResults=2, NextToken=first["NextToken"])
    names = [p["RestoreTestingPlanName"] for p in first["RestoreTestingPlans"]]
    names += [p["RestoreTestingPlanName"] for p in second["RestoreTestingPlans"]]
    assert names == ["plan_0", "plan_1", "plan_2"]
    assert "NextToken" not in second
