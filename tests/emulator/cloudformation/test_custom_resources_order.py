"""Resources are created after what they refer to, and deleted in the reverse order."""

from __future__ import annotations

from typing import Any

import pytest

from rehearsal.emulator.cloudformation.custom_resources_order import creation_order, references


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        ({"Ref": "Bucket"}, {"Bucket"}),
        ({"Fn::GetAtt": ["Function", "Arn"]}, {"Function"}),
        ({"Fn::GetAtt": "Function.Arn"}, {"Function"}),
        ({"Fn::Sub": "${Log.Arn}:*/${AWS::Region}/${Name}"}, {"Log", "Name"}),
        ({"Fn::Sub": ["${Key}-${x}", {"x": {"Ref": "Other"}}]}, {"Key", "x", "Other"}),
        ({"List": [{"Ref": "A"}, {"Nested": {"Fn::GetAtt": ["B", "Id"]}}]}, {"A", "B"}),
        ({"Plain": "Ref"}, set()),
    ],
)
def test_references_name_what_a_node_refers_to(node: Any, expected: set[str]) -> None:
    assert references(node) == expected


def test_a_resource_comes_after_everything_it_refers_to() -> None:
    resources = {
        "Policy": {
            "Type": "Custom::P",
            "Properties": {"ServiceToken": {"Fn::GetAtt": ["Fn", "Arn"]}},
        },
        "Fn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {"Role": {"Fn::GetAtt": ["Role", "Arn"]}},
        },
        "Grant": {"Type": "AWS::IAM::RolePolicy", "Properties": {"RoleName": {"Ref": "Role"}}},
        "Role": {"Type": "AWS::IAM::Role", "Properties": {}},
        "Later": {"Type": "Custom::P", "DependsOn": ["Grant"], "Properties": {"Ref": "Unknown"}},
    }
    order = creation_order(resources)
    assert sorted(order) == sorted(resources)
    for before, after in [("Fn", "Policy"), ("Role", "Fn"), ("Role", "Grant"), ("Grant", "Later")]:
        assert order.index(before) < order.index(after), (before, after)
