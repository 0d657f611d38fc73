"""Rules: at most ten per plan, required settings in a complete plan, recovery point tags."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.rules import (
    check_recovery_point_tags,
    check_required_rule_settings,
    check_rule_count,
)

FULL_RULE = {"schedule_expression": "cron(0 5 ? * * *)", "target_backup_vault_name": "Vault"}


def plan(rules: object) -> dict[str, object]:
    return {"regions": ["us-east-1"], "rules": rules, "selections": {}}


@pytest.mark.parametrize(
    ("plan_node", "expected"),
    [
        pytest.param(plan({f"R{i}": {} for i in range(10)}), [], id="ten-rules"),
        pytest.param(
            plan({f"R{i}": {} for i in range(11)}),
            [Issue("P120", ("rules",), "a plan may have at most 10 rules, not 11")],
            id="eleven-rules",
        ),
        pytest.param(
            plan({"@@operators_allowed_for_child_policies": ["@@none"], "R": {}}),
            [],
            id="operators-are-not-rules",
        ),
        pytest.param({"rules": []}, [], id="rules-not-object"),
    ],
)
def test_check_rule_count(plan_node: object, expected: list[Issue]) -> None:
    assert list(check_rule_count(plan_node)) == expected


@pytest.mark.parametrize(
    ("plan_node", "expected"),
    [
        pytest.param(plan({"Hourly": FULL_RULE}), [], id="full-rule"),
        pytest.param(
            plan({"Hourly": {"target_backup_vault_name": "Vault"}}),
            [
                Issue(
                    "P121",
                    ("rules", "Hourly"),
                    "rule 'Hourly' needs schedule_expression in a complete plan",
                )
            ],
            id="no-schedule",
        ),
        pytest.param(
            plan({"Hourly": {}, "Daily": "rule"}),
            [
                Issue(
                    "P121",
                    ("rules", "Hourly"),
                    "rule 'Hourly' needs schedule_expression in a complete plan",
                ),
                Issue(
                    "P121",
                    ("rules", "Hourly"),
                    "rule 'Hourly' needs target_backup_vault_name in a complete plan",
                ),
            ],
            id="empty-rule",
        ),
        pytest.param({"rules": {"Hourly": {}}}, [], id="partial-plan-overrides-only"),
    ],
)
def test_check_required_rule_settings(plan_node: object, expected: list[Issue]) -> None:
    assert list(check_required_rule_settings(plan_node)) == expected


def tags(count: int) -> dict[str, object]:
    return {f"T{i}": {"tag_key": f"k{i}", "tag_value": "v"} for i in range(count)}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        pytest.param({"recovery_point_tags": tags(10)}, [], id="ten-tags"),
        pytest.param(
            {"recovery_point_tags": tags(11)},
            [
                Issue(
                    "P122",
                    ("recovery_point_tags",),
                    "a rule may set at most 10 recovery point tags, not 11",
                )
            ],
            id="eleven-tags",
        ),
        pytest.param({}, [], id="no-tags"),
    ],
)
def test_check_recovery_point_tags(rule: object, expected: list[Issue]) -> None:
    assert list(check_recovery_point_tags(rule)) == expected
