"""AWS's case rules: plan, rule and selection names, copy action keys and tag identifiers merge
without regard to case; the merged document keeps the first spelling from the root down; AWS
shows them lower-cased."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import aws_case, effective_policy
from backup_org_policy_manager.policy.identifiers import folds_children

ROLE = "arn:aws:iam::$account:role/Backup"
VAULT = "arn:aws:backup:us-east-1:111122223333:backup-vault:Central"


@pytest.mark.parametrize(
    ("path", "folds"),
    [
        pytest.param(("plans", "Daily", "rules"), True, id="rule-names"),
        pytest.param(("plans", "Daily", "selections", "tags"), True, id="tag-selections"),
        pytest.param(("plans", "Daily", "selections", "resources"), True, id="resource-selections"),
        pytest.param(("plans", "D", "rules", "R", "recovery_point_tags"), True, id="rp-tags"),
        pytest.param(("plans", "Daily", "backup_plan_tags"), True, id="plan-tags"),
        pytest.param(("plans",), True, id="plan-names"),
        pytest.param(("plans", "D", "rules", "R", "copy_actions"), True, id="copy-action-keys"),
        pytest.param((), False, id="top-level"),
        pytest.param(("plans", "D"), False, id="plan-settings"),
        pytest.param(
            ("plans", "D", "rules", "R", "copy_actions", "arn"), False, id="copy-settings"
        ),
        pytest.param(("plans", "D", "rules", "R"), False, id="setting-names"),
        pytest.param(("plans", "D", "selections"), False, id="selection-forms"),
    ],
)
def test_which_names_fold(path: tuple[str, ...], folds: bool) -> None:
    assert folds_children(path) is folds


ROOT = {
    "plans": {
        "Daily": {
            "regions": {"@@assign": ["us-east-1"]},
            "rules": {
                "Hourly": {
                    "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                    "target_backup_vault_name": {"@@assign": "vault"},
                }
            },
            "selections": {
                "tags": {
                    "DataType": {
                        "iam_role_arn": {"@@assign": ROLE},
                        "tag_key": {"@@assign": "dataType"},
                        "tag_value": {"@@assign": ["PII"]},
                    }
                }
            },
        }
    }
}
OU = {
    "plans": {
        "Daily": {
            "rules": {"HOURLY": {"target_backup_vault_name": {"@@assign": "other"}}},
            "selections": {"tags": {"datatype": {"tag_value": {"@@append": ["RED"]}}}},
        }
    }
}


def test_a_child_appends_to_a_selection_spelled_differently() -> None:
    result = effective_policy([[ROOT], [OU]])
    plan = result.document["plans"]["Daily"]  # type: ignore[index]
    assert plan["selections"] == {
        "tags": {
            "DataType": {"iam_role_arn": ROLE, "tag_key": "dataType", "tag_value": ["PII", "RED"]}
        }
    }
    assert list(plan["rules"]) == ["Hourly"]
    assert plan["rules"]["Hourly"]["target_backup_vault_name"] == "other"
    assert result.plans["Daily"].complete
    assert result.ignored == []


def test_the_first_spelling_from_the_root_down_is_kept_and_aws_shows_lower_case() -> None:
    result = effective_policy([[ROOT], [OU]])
    assert list(result.document["plans"]["Daily"]["selections"]["tags"]) == ["DataType"]  # type: ignore[index]
    shown = result.aws_document()["plans"]["daily"]  # type: ignore[index]
    assert list(shown["rules"]) == ["hourly"]
    assert list(shown["selections"]["tags"]) == ["datatype"]
    assert '"datatype":' in result.to_json(aws_display=True)
    assert '"DataType":' in result.to_json()


def test_limits_follow_the_name_whatever_its_case() -> None:
    locked = {
        "plans": {
            "Daily": {
                "rules": {
                    "Hourly": {
                        "target_backup_vault_name": {
                            "@@assign": "vault",
                            "@@operators_allowed_for_child_policies": ["@@none"],
                        }
                    }
                }
            }
        }
    }
    child = {"plans": {"Daily": {"rules": {"hourly": {"target_backup_vault_name": "mine"}}}}}
    result = effective_policy([[locked], [child]])
    assert result.document == {
        "plans": {"Daily": {"rules": {"Hourly": {"target_backup_vault_name": "vault"}}}}
    }
    assert [i.json_path for i in result.ignored] == [
        "$.plans.Daily.rules.Hourly.target_backup_vault_name"
    ]


def test_plan_names_and_copy_action_keys_fold_too() -> None:
    parent = {
        "plans": {
            "Daily": {"rules": {"R": {"copy_actions": {VAULT: {"target_backup_vault_arn": VAULT}}}}}
        }
    }
    lower = VAULT.lower()
    child = {
        "plans": {
            "daily": {
                "regions": ["us-east-1"],
                "rules": {"r": {"copy_actions": {lower: {"lifecycle": {"delete_after_days": 7}}}}},
            },
        }
    }
    result = effective_policy([[parent], [child]])
    assert result.document == {
        "plans": {
            "Daily": {
                "rules": {
                    "R": {
                        "copy_actions": {
                            VAULT: {
                                "target_backup_vault_arn": VAULT,
                                "lifecycle": {"delete_after_days": 7},
                            }
                        }
                    }
                },
                "regions": ["us-east-1"],
            }
        }
    }
    # The value keeps its case: it is the ARN AWS Backup copies to.
    shown = result.aws_document()["plans"]["daily"]["rules"]["r"]["copy_actions"]  # type: ignore[index]
    assert shown == {
        lower: {"target_backup_vault_arn": VAULT, "lifecycle": {"delete_after_days": 7}}
    }


def test_setting_names_and_values_keep_their_case() -> None:
    parent = {"plans": {"P": {"selections": {"tags": {"S": {"tag_key": "DataType"}}}}}}
    child = {"plans": {"P": {"selections": {"tags": {"S": {"TAG_KEY": "x"}}}}}}
    document = effective_policy([[parent], [child]]).document
    assert document == {
        "plans": {"P": {"selections": {"tags": {"S": {"tag_key": "DataType", "TAG_KEY": "x"}}}}}
    }


def test_aws_case_lowers_identifiers_only() -> None:
    document = {
        "plans": {
            "Daily": {
                "rules": {"Hourly": {"recovery_point_tags": {"Owner": {"tag_key": "Owner"}}}},
                "backup_plan_tags": {"CostCenter": {"tag_key": "CostCenter", "tag_value": "A"}},
            }
        }
    }
    assert aws_case(document) == {
        "plans": {
            "daily": {
                "rules": {"hourly": {"recovery_point_tags": {"owner": {"tag_key": "Owner"}}}},
                "backup_plan_tags": {"costcenter": {"tag_key": "CostCenter", "tag_value": "A"}},
            }
        }
    }
