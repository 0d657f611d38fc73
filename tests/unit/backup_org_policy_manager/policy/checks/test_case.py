"""Names AWS compares without case must differ by more than case within one document."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue, validate
from backup_org_policy_manager.policy.checks.case import check_case_duplicates

RULE = {"schedule_expression": "cron(0 5 ? * * *)", "target_backup_vault_name": "vault"}


@pytest.mark.parametrize(
    ("container", "expected"),
    [
        pytest.param({"Hourly": {}, "Daily": {}}, [], id="distinct"),
        pytest.param(
            {"Hourly": {}, "hourly": {}, "HOURLY": {}},
            [
                Issue(
                    "P112",
                    ("hourly",),
                    "'hourly' and 'Hourly' differ only in case; AWS treats them as one name",
                ),
                Issue(
                    "P112",
                    ("HOURLY",),
                    "'HOURLY' and 'Hourly' differ only in case; AWS treats them as one name",
                ),
            ],
            id="three-spellings",
        ),
        pytest.param(
            {"@@operators_allowed_for_child_policies": ["@@none"], "a": {}}, [], id="operators"
        ),
        pytest.param([], [], id="not-an-object"),
    ],
)
def test_check_case_duplicates(container: object, expected: list[Issue]) -> None:
    assert list(check_case_duplicates(container)) == expected


@pytest.mark.parametrize(
    ("plan", "expected_path"),
    [
        pytest.param({"rules": {"Hourly": RULE, "hourly": RULE}}, ("rules", "hourly"), id="rules"),
        pytest.param(
            {"selections": {"tags": {"DataType": {}, "datatype": {}}}},
            ("selections", "tags", "datatype"),
            id="tag-selections",
        ),
        pytest.param(
            {"selections": {"resources": {"All": {}, "ALL": {}}}},
            ("selections", "resources", "ALL"),
            id="resource-selections",
        ),
        pytest.param(
            {"rules": {"R": {"recovery_point_tags": {"Owner": {}, "owner": {}}}}},
            ("rules", "R", "recovery_point_tags", "owner"),
            id="recovery-point-tags",
        ),
        pytest.param(
            {"backup_plan_tags": {"Stage": {}, "stage": {}}},
            ("backup_plan_tags", "stage"),
            id="plan-tags",
        ),
    ],
)
def test_validate_reports_case_only_duplicates(
    plan: dict[str, object], expected_path: tuple[str, ...]
) -> None:
    issues = validate({"plans": {"Daily": plan}})
    assert [(i.code, i.path) for i in issues if i.code == "P112"] == [
        ("P112", ("plans", "Daily", *expected_path))
    ]


def test_plan_names_and_copy_action_keys_differing_in_case_are_one_name() -> None:
    vault = "arn:aws:backup:us-east-1:111122223333:backup-vault:Central"
    actions = {vault: {"target_backup_vault_arn": vault}, vault.lower(): {}}
    document = {"plans": {"Daily": {"rules": {"R": {"copy_actions": actions}}}, "daily": {}}}
    assert [(i.code, i.json_path) for i in validate(document) if i.code == "P112"] == [
        (
            "P112",
            '$.plans.Daily.rules.R.copy_actions["arn:aws:backup:us-east-1:111122223333:backup-vault:central"]',
        ),
        ("P112", "$.plans.daily"),
    ]
