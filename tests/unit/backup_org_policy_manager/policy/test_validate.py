"""The walker: every check runs on its nodes, paths are absolute, all issues come back sorted."""

from __future__ import annotations

import json

import pytest

import backup_org_policy_manager.policy as policy
from backup_org_policy_manager.policy import Issue, validate
from backup_org_policy_manager.policy.checks import CHECKS

ROLE = "arn:aws:iam::$account:role/Backup"


def full_policy() -> dict[str, object]:
    return {
        "plans": {
            "Daily-35": {
                "regions": {"@@assign": ["us-east-1"]},
                "rules": {
                    "Hourly": {
                        "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                        "target_backup_vault_name": {"@@assign": "Default"},
                        "lifecycle": {"delete_after_days": {"@@assign": "35"}},
                    }
                },
                "selections": {
                    "tags": {
                        "daily": {
                            "iam_role_arn": {"@@assign": ROLE},
                            "tag_key": {"@@assign": "backup"},
                            "tag_value": {"@@assign": ["daily"]},
                        }
                    }
                },
            }
        }
    }


def test_a_full_policy_is_valid_as_object_and_as_text() -> None:
    assert validate(full_policy()) == []
    assert validate(json.dumps(full_policy())) == []


def test_issues_come_with_absolute_paths_sorted_and_all_reported() -> None:
    document = full_policy()
    plan = document["plans"]["Daily-35"]  # type: ignore[index]
    plan["regions"]["@@assign"].append("moon-1")
    plan["rules"]["Hourly"]["start_backup_window_minutes"] = "30"
    plan["rules"]["Hourly"]["lifecycle"]["move_to_cold_storage_after_days"] = "7"
    plan["rules"]["Hourly"]["copy_actions"] = {"Central": {}}
    assert validate(document) == [
        Issue(
            "P601", ("plans", "Daily-35", "regions", "@@assign", 1), "'moon-1' is not an AWS Region"
        ),
        Issue(
            "P402",
            ("plans", "Daily-35", "rules", "Hourly", "copy_actions", "Central"),
            "copy action key 'Central' is not a backup vault ARN",
        ),
        Issue(
            "P405",
            ("plans", "Daily-35", "rules", "Hourly", "copy_actions", "Central"),
            "copy action 'Central' needs target_backup_vault_arn",
        ),
        Issue(
            "P202",
            ("plans", "Daily-35", "rules", "Hourly", "lifecycle", "delete_after_days"),
            "delete_after_days (35) must be at least 90 days after "
            "move_to_cold_storage_after_days (7), so at least 97",
        ),
        Issue(
            "P304",
            ("plans", "Daily-35", "rules", "Hourly", "start_backup_window_minutes"),
            "start_backup_window_minutes must be at least 60, not 30",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        pytest.param('{"plans": ', ["P100"], id="bad-json"),
        pytest.param('"plans"', ["P100"], id="string"),
        pytest.param('{"plans": {}, "plans": {}}', ["P108"], id="duplicate-key-still-checked"),
    ],
)
def test_text_that_does_not_parse_cleanly(text: str, codes: list[str]) -> None:
    assert [i.code for i in validate(text)] == codes


def test_checks_are_not_run_on_operator_keys() -> None:
    document = {"plans": {"@@operators_allowed_for_child_policies": ["@@append"]}}
    assert validate(document) == []


def test_every_check_has_a_docstring_with_an_aws_url() -> None:
    for pattern, check in CHECKS:
        assert pattern in ("$", "plans") or pattern.startswith("plans/")
        assert "https://docs.aws.amazon.com/" in (check.__doc__ or ""), check.__name__


def test_public_names() -> None:
    assert set(policy.__all__) >= {
        "render",
        "validate",
        "effective_policy",
        "effective_document",
        "Issue",
        "PolicyValidationError",
        "EffectivePolicy",
        "PlanStatus",
    }
    assert all(hasattr(policy, name) for name in policy.__all__)
