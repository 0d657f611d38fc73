"""Structure: known keys, value types and inheritance operators."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.structure import check_document

ALLOWED = "@@operators_allowed_for_child_policies"
RULE_PATH = ("plans", "Daily", "rules", "Hourly")


def rule(**settings: object) -> dict[str, object]:
    return {"plans": {"Daily": {"rules": {"Hourly": settings}}}}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param({"plans": {}}, [], id="empty-plans"),
        pytest.param(
            {"policies": {}},
            [
                Issue("P102", ("plans",), "a backup policy needs a top-level plans object"),
                Issue("P101", ("policies",), "unknown key 'policies'; the policy takes plans"),
            ],
            id="no-plans-and-unknown-top-key",
        ),
        pytest.param(
            {"plans": []},
            [Issue("P103", ("plans",), "plans must be an object, not a list")],
            id="plans-not-object",
        ),
        pytest.param(
            rule(schedule="cron(0 5 ? * * *)"),
            [
                Issue(
                    "P101",
                    (*RULE_PATH, "schedule"),
                    "unknown key 'schedule'; Hourly takes complete_backup_window_minutes, "
                    "copy_actions, enable_continuous_backup, index_actions, lifecycle, "
                    "recovery_point_tags, scan_actions, schedule_expression, "
                    "start_backup_window_minutes, target_backup_vault_name, "
                    "target_logically_air_gapped_backup_vault_arn",
                )
            ],
            id="unknown-rule-key",
        ),
        pytest.param(
            rule(start_backup_window_minutes={"@@assign": "sixty"}),
            [
                Issue(
                    "P103",
                    (*RULE_PATH, "start_backup_window_minutes"),
                    "start_backup_window_minutes must be a whole number, not the string 'sixty'",
                )
            ],
            id="integer-as-word",
        ),
        pytest.param(rule(start_backup_window_minutes="60"), [], id="integer-as-digits"),
        pytest.param(rule(complete_backup_window_minutes=120), [], id="integer-as-number"),
        pytest.param(
            rule(enable_continuous_backup="yes"),
            [
                Issue(
                    "P103",
                    (*RULE_PATH, "enable_continuous_backup"),
                    "enable_continuous_backup must be true or false, not the string 'yes'",
                )
            ],
            id="boolean-as-word",
        ),
        pytest.param(
            rule(target_backup_vault_name={"@@assign": 7}),
            [
                Issue(
                    "P103",
                    (*RULE_PATH, "target_backup_vault_name"),
                    "target_backup_vault_name must be a string, not the number 7",
                )
            ],
            id="string-as-number",
        ),
        pytest.param(
            {"plans": {"Daily": {"regions": "us-east-1"}}},
            [
                Issue(
                    "P103",
                    ("plans", "Daily", "regions"),
                    "regions must be a list of strings, not the string 'us-east-1'",
                )
            ],
            id="regions-not-list",
        ),
        pytest.param(
            {"plans": {"Daily": {"advanced_backup_settings": {"ec2": {"windows_vss": "on"}}}}},
            [
                Issue(
                    "P103",
                    ("plans", "Daily", "advanced_backup_settings", "ec2", "windows_vss"),
                    "windows_vss cannot be 'on'; use one of disabled, enabled",
                )
            ],
            id="choice-not-allowed",
        ),
        pytest.param(
            {"plans": {"Daily": {"regions": {"@@assgin": ["us-east-1"]}}}},
            [
                Issue(
                    "P104",
                    ("plans", "Daily", "regions", "@@assgin"),
                    "@@assgin is not an inheritance operator",
                )
            ],
            id="misspelt-operator-on-setting",
        ),
        pytest.param(
            {"plans": {"@@merge": {}}},
            [Issue("P104", ("plans", "@@merge"), "@@merge is not an inheritance operator")],
            id="unknown-operator-on-object",
        ),
        pytest.param(
            {"plans": {"@@assign": {"Daily": {}}}},
            [
                Issue(
                    "P105",
                    ("plans", "@@assign"),
                    "@@assign sets a value; plans is an object of settings",
                )
            ],
            id="assign-on-object",
        ),
        pytest.param(
            rule(target_backup_vault_name={"@@append": ["Vault"]}),
            [
                Issue(
                    "P106",
                    (*RULE_PATH, "target_backup_vault_name", "@@append"),
                    "@@append works on lists; target_backup_vault_name takes one value",
                )
            ],
            id="append-on-single-value",
        ),
        pytest.param(
            {"plans": {"Daily": {"regions": {"@@remove": "us-east-1"}}}},
            [
                Issue(
                    "P103",
                    ("plans", "Daily", "regions"),
                    "regions must be a list of strings, not the string 'us-east-1'",
                )
            ],
            id="remove-not-list",
        ),
        pytest.param(
            {"plans": {ALLOWED: ["@@append"], "Daily": {"regions": {ALLOWED: ["@@none"]}}}},
            [],
            id="child-control-only",
        ),
        pytest.param(
            {"plans": {ALLOWED: ["@@add"]}},
            [Issue("P107", ("plans", ALLOWED), f"{ALLOWED} cannot contain '@@add'")],
            id="child-control-unknown",
        ),
        pytest.param(
            {"plans": {ALLOWED: ["@@none", "@@append"]}},
            [Issue("P107", ("plans", ALLOWED), "@@all and @@none must each stand alone")],
            id="child-control-none-not-alone",
        ),
        pytest.param(
            {"plans": {"Daily": {"regions": {ALLOWED: "@@none"}}}},
            [
                Issue(
                    "P107",
                    ("plans", "Daily", "regions", ALLOWED),
                    f"{ALLOWED} must be a non-empty list of operators",
                )
            ],
            id="child-control-not-list",
        ),
        pytest.param(
            {"plans": {"Daily": {"regions": {}}}},
            [
                Issue(
                    "P110",
                    ("plans", "Daily", "regions"),
                    "regions is an empty object; give a value or @@assign",
                )
            ],
            id="empty-setting",
        ),
        pytest.param(
            {"plans": {"Daily": {"regions": {"@@assign": [], "value": 1}}}},
            [
                Issue(
                    "P101",
                    ("plans", "Daily", "regions", "value"),
                    "unknown key 'value'; regions takes a value",
                )
            ],
            id="setting-with-ordinary-key",
        ),
        pytest.param(
            {"plans": {"Daily backups": {}}},
            [
                Issue(
                    "P111",
                    ("plans", "Daily backups"),
                    "name 'Daily backups' must be 1-50 letters, digits, -, _ or .",
                )
            ],
            id="plan-name-with-space",
        ),
        pytest.param(
            rule(index_actions={"resource_types": {"@@append": ["EBS", "RDS"]}}),
            [
                Issue(
                    "P103",
                    (*RULE_PATH, "index_actions", "resource_types"),
                    "resource_types cannot be 'RDS'; use one of EBS, S3",
                )
            ],
            id="index-resource-type",
        ),
        pytest.param(
            rule(lifecycle=None),
            [Issue("P103", (*RULE_PATH, "lifecycle"), "lifecycle must be an object, not null")],
            id="null-object",
        ),
        pytest.param(
            rule(target_backup_vault_name=["a" * 50]),
            [
                Issue(
                    "P103",
                    (*RULE_PATH, "target_backup_vault_name"),
                    "target_backup_vault_name must be a string, not a list",
                )
            ],
            id="string-as-list",
        ),
        pytest.param(
            rule(target_backup_vault_name=True),
            [
                Issue(
                    "P103",
                    (*RULE_PATH, "target_backup_vault_name"),
                    "target_backup_vault_name must be a string, not a boolean",
                )
            ],
            id="string-as-boolean",
        ),
        pytest.param(
            rule(target_backup_vault_name={"@@assign": "x" * 41}),
            [],
            id="long-string-ok",
        ),
        pytest.param(
            rule(recovery_point_tags={"Owner": {"tag_key": "owner", "tag_value": {}}}),
            [
                Issue(
                    "P110",
                    (*RULE_PATH, "recovery_point_tags", "Owner", "tag_value"),
                    "tag_value is an empty object; give a value or @@assign",
                )
            ],
            id="empty-tag-value-object",
        ),
    ],
)
def test_check_document(document: object, expected: list[Issue]) -> None:
    assert list(check_document(document)) == expected


def test_long_strings_are_not_quoted_in_messages() -> None:
    issues = list(check_document(rule(start_backup_window_minutes="x" * 41)))
    assert [i.message for i in issues] == [
        "start_backup_window_minutes must be a whole number, not a string"
    ]


def test_object_values_are_named() -> None:
    issues = list(check_document(rule(start_backup_window_minutes={"@@assign": {}})))
    assert [i.message for i in issues] == [
        "start_backup_window_minutes must be a whole number, not an object"
    ]
