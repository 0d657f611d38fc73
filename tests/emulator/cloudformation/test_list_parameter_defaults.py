"""A list parameter's default is a list in the emulator's CloudFormation, as in AWS."""

from __future__ import annotations

import json

import boto3
import pytest

TEMPLATE = {
    "Parameters": {
        "Types": {"Type": "CommaDelimitedList", "Default": "Aurora,DynamoDB"},
        "Ports": {"Type": "List<Number>", "Default": "80,443"},
    },
    "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {
        "Joined": {"Value": {"Fn::Join": ["|", {"Ref": "Types"}]}},
        "Second": {"Value": {"Fn::Select": [1, {"Ref": "Types"}]}},
    },
}


@pytest.mark.parametrize(
    ("parameters", "joined", "second"),
    [
        ([], "Aurora|DynamoDB", "DynamoDB"),
        ([{"ParameterKey": "Types", "ParameterValue": "EBS,EFS"}], "EBS|EFS", "EFS"),
    ],
    ids=["default", "passed"],
)
def test_join_and_select_see_the_items(
    aws: None, parameters: list[dict[str, str]], joined: str, second: str
) -> None:
    cloudformation = boto3.client("cloudformation", region_name="eu-west-1")
    cloudformation.create_stack(
        StackName="lists", TemplateBody=json.dumps(TEMPLATE), Parameters=parameters
    )
    stack = cloudformation.describe_stacks(StackName="lists")["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert outputs == {"Joined": joined, "Second": second}
