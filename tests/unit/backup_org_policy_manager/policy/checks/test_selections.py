"""Selections: one form per plan, role ARNs, tag value lists, conditions, completeness."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.selections import (
    check_required_selection_settings,
    check_selection,
    check_selection_forms,
    check_tag_selection,
)

ROLE = "arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole"


@pytest.mark.parametrize(
    ("selections", "expected"),
    [
        pytest.param({"tags": {}}, [], id="tags"),
        pytest.param({"resources": {}}, [], id="resources"),
        pytest.param(
            {"tags": {"a": {}}, "resources": {"b": {}}},
            [
                Issue(
                    "P501",
                    ("resources",),
                    "selections can use tags or resources, not both; "
                    "put tag conditions in resources",
                )
            ],
            id="both",
        ),
        pytest.param("tags", [], id="not-an-object"),
    ],
)
def test_check_selection_forms(selections: object, expected: list[Issue]) -> None:
    assert list(check_selection_forms(selections)) == expected


def conditions(count: int) -> dict[str, object]:
    half = count // 2
    return {
        "string_equals": {
            f"e{i}": {"condition_key": "k", "condition_value": "v"} for i in range(half)
        },
        "string_like": {f"l{i}": {} for i in range(count - half)},
    }


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        pytest.param({"iam_role_arn": {"@@assign": ROLE}}, [], id="role"),
        pytest.param(
            {"iam_role_arn": "arn:aws:iam::123456789012:user/backup"},
            [
                Issue(
                    "P503",
                    ("iam_role_arn",),
                    "iam_role_arn 'arn:aws:iam::123456789012:user/backup' is not an IAM role ARN",
                )
            ],
            id="user-not-role",
        ),
        pytest.param({"conditions": conditions(30)}, [], id="thirty-conditions"),
        pytest.param(
            {"conditions": conditions(31)},
            [Issue("P505", ("conditions",), "a selection may have at most 30 conditions, not 31")],
            id="thirty-one-conditions",
        ),
        pytest.param(None, [], id="not-an-object"),
    ],
)
def test_check_selection(selection: object, expected: list[Issue]) -> None:
    assert list(check_selection(selection)) == expected


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        pytest.param({"tag_value": {"@@assign": ["daily"]}}, [], id="list"),
        pytest.param({"tag_value": ["daily", "weekly"]}, [], id="plain-list"),
        pytest.param(
            {"tag_value": "daily"},
            [Issue("P504", ("tag_value",), 'tag_value must be a list of strings, e.g. ["daily"]')],
            id="plain-string",
        ),
        pytest.param(
            {"tag_value": {"@@append": [1]}},
            [
                Issue(
                    "P504",
                    ("tag_value", "@@append"),
                    'tag_value must be a list of strings, e.g. ["daily"]',
                )
            ],
            id="append-numbers",
        ),
        pytest.param({}, [], id="absent"),
    ],
)
def test_check_tag_selection(selection: object, expected: list[Issue]) -> None:
    assert list(check_tag_selection(selection)) == expected


def full_plan(selections: object) -> dict[str, object]:
    return {"regions": ["us-east-1"], "rules": {}, "selections": selections}


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        pytest.param(
            full_plan({"tags": {"daily": {"iam_role_arn": ROLE, "tag_key": "k", "tag_value": []}}}),
            [],
            id="full-tags",
        ),
        pytest.param(
            full_plan({"resources": {"all": {"iam_role_arn": ROLE, "resource_types": ["*"]}}}),
            [],
            id="full-resources",
        ),
        pytest.param(
            full_plan({}),
            [
                Issue(
                    "P506",
                    ("selections",),
                    "a complete plan needs at least one tags or resources selection",
                )
            ],
            id="nothing-selected",
        ),
        pytest.param(
            full_plan({"resources": {"all": {"resource_types": ["*"]}, "odd": "x"}}),
            [
                Issue(
                    "P506",
                    ("selections", "resources", "all"),
                    "selection 'all' needs iam_role_arn in a complete plan",
                )
            ],
            id="no-role",
        ),
        pytest.param({"selections": {}}, [], id="partial-plan"),
    ],
)
def test_check_required_selection_settings(plan: object, expected: list[Issue]) -> None:
    assert list(check_required_selection_settings(plan)) == expected
