"""The realistic renderer the reference checks stand on: names, longest values, intrinsics."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from tests.templates.deployments import LONGEST_REGION, Deployment, deployments
from tests.templates.intrinsics import (
    RenderError,
    condition_values,
    render,
    rendered,
    rules_hold,
)
from tests.templates.loader import REPOSITORY_TEMPLATES
from tests.templates.longest import UnboundedPatternError, longest_match

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.mark.parametrize(
    ("pattern", "max_length", "expected_length"),
    [
        (r"^o-[a-z0-9]{10,32}$", None, 34),
        (r"^[a-zA-Z0-9\-_]{2,50}$", None, 50),
        (r"^[\w+=,.@-]{1,64}$", None, 64),
        (r"^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", None, 68),
        (r"^$|^policies/daily-[0-9a-f]{64}\.json$", None, 84),
        (r"^[^@\s]{1,5}@[^@\s]{1,3}$", None, 9),
        (r"^[a-z]+$", 20, 20),
    ],
)
def test_longest_match_is_the_longest_the_pattern_allows(
    pattern: str, max_length: int | None, expected_length: int
) -> None:
    value = longest_match(pattern, max_length)
    assert re.fullmatch(pattern, value)
    assert len(value) == expected_length


def test_an_unbounded_pattern_needs_a_max_length() -> None:
    with pytest.raises(UnboundedPatternError):
        longest_match(r"^arn:aws[a-z-]*:events$")


def test_stackset_bodies_run_under_real_instance_stack_names() -> None:
    member = deployments("templates/member-account.yaml")[0]
    assert member.stack_name.startswith("StackSet-org-backup-member-")
    assert UUID.fullmatch(member.stack_name[-36:])
    assert len(member.stack_name) == 63
    assert member.region == LONGEST_REGION
    assert len(LONGEST_REGION) >= 14


TEMPLATES = REPOSITORY_TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES)
def test_variants_take_both_branches_of_every_condition(template: str) -> None:
    """Every check that renders every variant sees both sides of every Fn::If and Condition."""
    seen: dict[str, set[bool]] = {}
    for deployment in deployments(template):
        for name, value in condition_values(deployment).items():
            seen.setdefault(name, set()).add(value)
    one_sided = {name: values for name, values in seen.items() if values != {True, False}}
    assert not one_sided, f"{template}: conditions never rendered both ways: {one_sided}"


def test_a_one_sided_condition_is_caught() -> None:
    """A Number the variants did not vary would leave its condition one-sided."""
    variants = deployments("templates/member-account.yaml")
    values = {d.label: condition_values(d)["ReserveTagOnRestoreConcurrency"] for d in variants}
    assert set(values.values()) == {True, False}, values
    assert values["base"] is False


TEMPLATE: dict[str, Any] = {
    "Parameters": {
        "Name": {"Type": "String"},
        "Regions": {"Type": "CommaDelimitedList", "Default": "eu-west-1,us-east-1"},
    },
    "Conditions": {"Named": {"Fn::Not": [{"Fn::Equals": [{"Ref": "Name"}, ""]}]}},
    "Resources": {
        "Logs": {
            "Type": "AWS::Logs::LogGroup",
            "Properties": {"LogGroupName": {"Fn::Sub": "/aws/lambda/${AWS::StackName}-x"}},
        },
        "Function": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "FunctionName": {"Fn::If": ["Named", {"Ref": "Name"}, {"Ref": "AWS::NoValue"}]},
                "Description": {"Fn::Join": ["+", {"Ref": "Regions"}]},
                "LogGroup": {"Fn::Sub": "${Logs.Arn}"},
            },
        },
        "OnlyNamed": {"Type": "AWS::SQS::Queue", "Condition": "Named"},
    },
}


def _deployment(**parameters: Any) -> Deployment:
    return Deployment(
        "t.yaml", "test", "StackSet-x-" + "0" * 36, "111111111111", "eu-west-1", parameters
    )


def test_render_resolves_intrinsics_as_aws_does() -> None:
    plain = render(TEMPLATE, _deployment(Name="f"))
    function = plain["Resources"]["Function"]["Properties"]
    assert function["FunctionName"] == "f"
    assert function["Description"] == "eu-west-1+us-east-1"
    # A log group's Arn attribute ends in ":*".
    assert function["LogGroup"] == (
        "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/StackSet-x-" + "0" * 36 + "-x:*"
    )
    assert "OnlyNamed" in plain["Resources"]


def test_render_drops_no_value_and_false_conditions() -> None:
    plain = render(TEMPLATE, _deployment(Name=""))
    assert "FunctionName" not in plain["Resources"]["Function"]["Properties"]
    assert "OnlyNamed" not in plain["Resources"]


def test_render_fails_loudly_on_what_it_does_not_know() -> None:
    with pytest.raises(RenderError, match="parameter Name has no value"):
        render(TEMPLATE, _deployment())
    unknown = {
        "Resources": {"R": {"Type": "AWS::SQS::Queue", "Properties": {"X": {"Fn::Cidr": []}}}}
    }
    with pytest.raises(RenderError, match="Fn::Cidr is not supported"):
        render(unknown, _deployment())


def test_rules_drop_deployments_cloudformation_would_refuse() -> None:
    variants = deployments("pipeline/pipeline.yaml")
    base = variants[0]
    assert rules_hold(base)
    refused = replace(base, parameters={**base.parameters, "ConnectionArn": ""})
    assert not rules_hold(refused)
    assert all(rules_hold(v) for v in variants)
    assert rendered(base)["Resources"]
