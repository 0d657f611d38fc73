"""Effective policies: AWS's documented inheritance examples, nested OUs, several policies per
node, and which plans come out complete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backup_org_policy_manager.policy import (
    IgnoredOperation,
    PlanStatus,
    PolicyValidationError,
    effective_document,
    effective_policy,
)

ALLOWED = "@@operators_allowed_for_child_policies"
GOOD = Path(__file__).resolve().parents[3] / "policies" / "good"

# Tag policies from https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html
# (the merge is the same for every management policy type).
POLICY_A = {
    "tags": {
        "costcenter": {
            "tag_key": {"@@assign": "CostCenter"},
            "tag_value": {"@@assign": ["Development", "Support"]},
        }
    }
}
ENFORCED = ["redshift:*", "dynamodb:table"]


def test_example_1_child_assign_overwrites() -> None:
    policy_b = {
        "tags": {
            "costcenter": {
                "tag_key": {"@@assign": "CostCenter"},
                "tag_value": {"@@assign": ["Sandbox"]},
                "enforced_for": {"@@assign": ENFORCED},
            }
        }
    }
    result = effective_policy([[POLICY_A], [policy_b]])
    assert result.document == {
        "tags": {
            "costcenter": {
                "tag_key": "CostCenter",
                "tag_value": ["Sandbox"],
                "enforced_for": ENFORCED,
            }
        }
    }
    assert result.ignored == []


POLICY_C = {
    "tags": {
        "costcenter": {
            "tag_key": {"@@assign": "CostCenter"},
            "tag_value": {"@@append": ["Marketing"]},
            "enforced_for": {"@@append": ENFORCED},
        }
    }
}


def test_example_2_child_append_adds() -> None:
    assert effective_policy([[POLICY_A], [POLICY_C]]).document == {
        "tags": {
            "costcenter": {
                "tag_key": "CostCenter",
                "tag_value": ["Development", "Support", "Marketing"],
                "enforced_for": ENFORCED,
            }
        }
    }


def test_example_3_account_remove_takes_values_out() -> None:
    # The guide nests enforced_for inside tag_value in policy D; its text (and result) treat
    # it as the sibling setting, which is what this test does.
    policy_d = {
        "tags": {
            "costcenter": {
                "tag_key": {"@@assign": "CostCenter"},
                "tag_value": {"@@remove": ["Development", "Marketing"]},
                "enforced_for": {"@@remove": ENFORCED},
            }
        }
    }
    result = effective_policy([[POLICY_A], [POLICY_C], [policy_d]])
    assert result.document == {
        "tags": {"costcenter": {"tag_key": "CostCenter", "tag_value": ["Support"]}}
    }


def test_example_4_child_control_operators_restrict_children() -> None:
    policy_e = {
        "tags": {
            "project": {
                "tag_key": {ALLOWED: ["@@none"], "@@assign": "Project"},
                "tag_value": {ALLOWED: ["@@append"], "@@assign": ["Maintenance", "Escalations"]},
            }
        }
    }
    policy_f = {
        "tags": {
            "project": {
                "tag_key": {"@@assign": "PROJECT"},
                "tag_value": {"@@append": ["Escalations - research"]},
            }
        }
    }
    result = effective_policy([[policy_e], [policy_f]])
    assert result.document == {
        "tags": {
            "project": {
                "tag_key": "Project",
                "tag_value": ["Maintenance", "Escalations", "Escalations - research"],
            }
        }
    }
    assert result.ignored == [
        IgnoredOperation(
            1,
            0,
            ("tags", "project", "tag_key"),
            "@@assign",
            "a parent policy allows no operators here",
        )
    ]


def test_example_5_limits_at_one_node_intersect() -> None:
    policy_g = {
        "tags": {"project": {"tag_value": {ALLOWED: ["@@append"], "@@assign": ["Maintenance"]}}}
    }
    policy_h = {"tags": {"project": {"tag_value": {ALLOWED: ["@@append", "@@remove"]}}}}
    child = {"tags": {"project": {"tag_value": {"@@append": ["Ops"], "@@remove": ["Maintenance"]}}}}
    result = effective_policy([[policy_g, policy_h], [child]])
    assert result.document == {"tags": {"project": {"tag_value": ["Maintenance", "Ops"]}}}
    assert [(i.path, i.operator) for i in result.ignored] == [
        (("tags", "project", "tag_value"), "@@remove")
    ]


def test_example_6_first_attached_policy_wins_at_one_node() -> None:
    policy_j = {
        "tags": {
            "project": {
                "tag_key": {"@@assign": "PROJECT"},
                "tag_value": {"@@append": ["Maintenance"]},
            }
        }
    }
    policy_k = {"tags": {"project": {"tag_key": {"@@assign": "project"}}}}
    result = effective_policy([[policy_j, policy_k]])
    assert result.document == {
        "tags": {"project": {"tag_key": "PROJECT", "tag_value": ["Maintenance"]}}
    }


# Backup policies from
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
ROLE = "arn:aws:iam::$account:role/MyIamRole"
SECONDARY = "arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault"
PII_PARENT = {
    "plans": {
        "PII_Backup_Plan": {
            "regions": {"@@append": ["us-east-1", "ap-northeast-3", "eu-north-1"]},
            "rules": {
                "Hourly": {
                    "schedule_expression": {"@@assign": "cron(0 0/1 ? * * *)"},
                    "start_backup_window_minutes": {"@@assign": "60"},
                    "target_backup_vault_name": {"@@assign": "FortKnox"},
                    "lifecycle": {
                        "move_to_cold_storage_after_days": {"@@assign": "28"},
                        "delete_after_days": {"@@assign": "180"},
                    },
                    "copy_actions": {
                        SECONDARY: {
                            "target_backup_vault_arn": {"@@assign": SECONDARY},
                            "lifecycle": {"delete_after_days": {"@@assign": "180"}},
                        }
                    },
                }
            },
            "selections": {
                "tags": {
                    "datatype": {
                        "iam_role_arn": {"@@assign": ROLE},
                        "tag_key": {"@@assign": "dataType"},
                        "tag_value": {"@@assign": ["PII", "RED"]},
                    }
                }
            },
        }
    }
}
MONTHLY_CHILD = {
    "plans": {
        "Monthly_Backup_Plan": {
            "regions": {"@@append": ["us-east-1", "eu-central-1"]},
            "rules": {
                "Monthly": {
                    "schedule_expression": {"@@assign": "cron(0 5 1 * ? *)"},
                    "start_backup_window_minutes": {"@@assign": "480"},
                    "target_backup_vault_name": {"@@assign": "Default"},
                    "lifecycle": {"delete_after_days": {"@@assign": "365"}},
                }
            },
            "selections": {
                "tags": {
                    "MonthlyDatatype": {
                        "iam_role_arn": {
                            "@@assign": "arn:aws:iam::$account:role/MyMonthlyBackupIamRole"
                        },
                        "tag_key": {"@@assign": "BackupType"},
                        "tag_value": {"@@assign": ["MONTHLY", "RED"]},
                    }
                }
            },
        }
    }
}


def test_backup_example_2_parent_and_child_plans_merge() -> None:
    result = effective_policy([[PII_PARENT], [MONTHLY_CHILD]])
    plans = result.document["plans"]
    assert isinstance(plans, dict)
    assert list(plans) == ["PII_Backup_Plan", "Monthly_Backup_Plan"]
    assert plans["PII_Backup_Plan"]["regions"] == ["us-east-1", "ap-northeast-3", "eu-north-1"]
    assert plans["Monthly_Backup_Plan"]["rules"]["Monthly"] == {
        "schedule_expression": "cron(0 5 1 * ? *)",
        "start_backup_window_minutes": "480",
        "target_backup_vault_name": "Default",
        "lifecycle": {"delete_after_days": "365"},
    }
    assert result.plans == {
        "PII_Backup_Plan": PlanStatus("PII_Backup_Plan"),
        "Monthly_Backup_Plan": PlanStatus("Monthly_Backup_Plan"),
    }
    assert all(status.complete for status in result.plans.values())


def test_backup_example_3_a_locked_parent_ignores_every_child_change() -> None:
    locked = json.loads((GOOD / "locked-plan.json").read_text(encoding="utf-8"))
    child = {
        "plans": {
            "PII_Backup_Plan": {
                "regions": {"@@append": ["eu-west-1"]},
                "rules": {"Hourly": {"target_backup_vault_name": {"@@assign": "Default"}}},
                "advanced_backup_settings": {"ec2": {"windows_vss": {"@@assign": "enabled"}}},
            },
            "Extra": {"regions": {"@@assign": ["us-east-1"]}},
        }
    }
    alone = effective_policy([[locked]])
    merged = effective_policy([[locked], [child]])
    assert merged.document == alone.document
    assert [(i.json_path, i.operator) for i in merged.ignored] == [
        ("$.plans.PII_Backup_Plan.regions", "@@append"),
        ("$.plans.PII_Backup_Plan.rules.Hourly.target_backup_vault_name", "@@assign"),
        ("$.plans.PII_Backup_Plan.advanced_backup_settings", "@@append"),
        ("$.plans.Extra", "@@append"),
    ]
    assert alone.document["plans"]["PII_Backup_Plan"]["rules"]["Hourly"] == {  # type: ignore[index]
        "schedule_expression": "cron(0 0/1 ? * * *)",
        "start_backup_window_minutes": "60",
        "target_backup_vault_name": "FortKnox",
        "lifecycle": {"move_to_cold_storage_after_days": "28", "delete_after_days": "180"},
    }


def test_backup_example_4_children_may_add_plans_but_not_change_a_locked_one() -> None:
    parent = {
        "plans": {
            ALLOWED: ["@@append"],
            "PII_Backup_Plan": {ALLOWED: ["@@none"], "regions": ["us-east-1"]},
        }
    }
    child = {
        "plans": {
            "PII_Backup_Plan": {"selections": {"tags": {}}},
            "MonthlyBackupPlan": {"regions": {"@@assign": ["eu-west-1"]}},
        }
    }
    result = effective_policy([[parent], [child]])
    assert result.document == {
        "plans": {
            "PII_Backup_Plan": {"regions": ["us-east-1"]},
            "MonthlyBackupPlan": {"regions": ["eu-west-1"]},
        }
    }
    assert [i.json_path for i in result.ignored] == ["$.plans.PII_Backup_Plan.selections"]


def test_backup_example_5_child_overrides_parent_settings() -> None:
    child = {
        "plans": {
            "PII_Backup_Plan": {
                "regions": {"@@assign": ["us-west-2", "eu-central-1"]},
                "rules": {
                    "Hourly": {
                        "schedule_expression": {"@@assign": "cron(0 0/2 ? * * *)"},
                        "start_backup_window_minutes": {"@@assign": "80"},
                        "target_backup_vault_name": {"@@assign": "Default"},
                        "lifecycle": {
                            "move_to_cold_storage_after_days": {"@@assign": "30"},
                            "delete_after_days": {"@@assign": "365"},
                        },
                    }
                },
            }
        }
    }
    plan = effective_policy([[PII_PARENT], [child]]).document["plans"]["PII_Backup_Plan"]  # type: ignore[index]
    assert plan["regions"] == ["us-west-2", "eu-central-1"]
    assert plan["rules"]["Hourly"] == {
        "schedule_expression": "cron(0 0/2 ? * * *)",
        "start_backup_window_minutes": "80",
        "target_backup_vault_name": "Default",
        "lifecycle": {"move_to_cold_storage_after_days": "30", "delete_after_days": "365"},
        "copy_actions": {
            SECONDARY: {
                "target_backup_vault_arn": SECONDARY,
                "lifecycle": {"delete_after_days": "180"},
            }
        },
    }
    assert plan["selections"]["tags"]["datatype"]["iam_role_arn"] == ROLE


def test_nested_ous_root_to_account() -> None:
    root = {
        "plans": {
            "Daily": {
                "regions": {ALLOWED: ["@@append", "@@remove"], "@@assign": ["us-east-1"]},
                "rules": {"Daily": {"schedule_expression": "cron(0 5 ? * * *)"}},
            }
        }
    }
    ou = {
        "plans": {
            "Daily": {
                "regions": {ALLOWED: ["@@all"], "@@append": ["eu-west-1"]},
                "rules": {
                    "Daily": {
                        "target_backup_vault_name": {ALLOWED: ["@@none"], "@@assign": "Vault"}
                    }
                },
            }
        }
    }
    inner_ou = {
        "plans": {
            "Daily": {
                "regions": {
                    ALLOWED: ["@@append"],
                    "@@assign": ["ap-southeast-2"],
                    "@@append": ["ap-southeast-2"],
                },
                "selections": {
                    "tags": {
                        "all": {"iam_role_arn": ROLE, "tag_key": "backup", "tag_value": ["yes"]}
                    }
                },
            }
        }
    }
    account = {
        "plans": {
            "Daily": {
                "regions": {"@@remove": ["us-east-1"], "@@append": ["ca-central-1"]},
                "rules": {"Daily": {"target_backup_vault_name": "Other"}},
            }
        }
    }
    result = effective_policy([[root], [ou], [inner_ou], [account]])
    plan = result.document["plans"]["Daily"]  # type: ignore[index]
    assert plan["regions"] == ["us-east-1", "eu-west-1", "ap-southeast-2", "ca-central-1"]
    assert plan["rules"]["Daily"]["target_backup_vault_name"] == "Vault"
    assert [(i.level, i.json_path, i.operator) for i in result.ignored] == [
        (2, "$.plans.Daily.regions", "@@assign"),
        (3, "$.plans.Daily.regions", "@@remove"),
        (3, "$.plans.Daily.rules.Daily.target_backup_vault_name", "@@assign"),
    ]
    assert result.plans["Daily"].complete


def test_several_policies_on_one_node_merge() -> None:
    daily = {"plans": {"Daily": {"regions": ["us-east-1"]}}}
    weekly = {"plans": {"Weekly": {"regions": ["us-east-1"]}}}
    extra_region = {"plans": {"Daily": {"regions": {"@@append": ["eu-west-1"]}}}}
    more_regions = {"plans": {"Daily": {"regions": {"@@append": ["eu-west-1", "eu-north-1"]}}}}
    result = effective_policy([[daily, weekly], [extra_region, more_regions]])
    assert result.document == {
        "plans": {
            "Daily": {"regions": ["us-east-1", "eu-west-1", "eu-north-1"]},
            "Weekly": {"regions": ["us-east-1"]},
        }
    }


def test_a_plan_is_complete_only_once_every_level_is_merged() -> None:
    parent = {
        "plans": {
            "Daily": {
                "regions": ["us-east-1"],
                "rules": {"Daily": {"schedule_expression": "cron(0 5 ? * * *)"}},
                "selections": {"resources": {"all": {"resource_types": ["*"]}}},
            }
        }
    }
    account = {
        "plans": {
            "Daily": {
                "rules": {"Daily": {"target_backup_vault_name": "Vault"}},
                "selections": {"resources": {"all": {"iam_role_arn": ROLE}}},
            }
        }
    }
    assert effective_policy([[parent]]).plans["Daily"] == PlanStatus(
        "Daily",
        (
            "$.plans.Daily.rules.Daily.target_backup_vault_name",
            "$.plans.Daily.selections.resources.all.iam_role_arn",
        ),
    )
    status = effective_policy([[parent], [account]]).plans["Daily"]
    assert status == PlanStatus("Daily")
    assert status.complete


@pytest.mark.parametrize(
    ("plan", "missing"),
    [
        pytest.param(
            {"advanced_backup_settings": {"ec2": {"windows_vss": "enabled"}}},
            ("$.plans.P.regions", "$.plans.P.rules", "$.plans.P.selections"),
            id="settings-only",
        ),
        pytest.param(
            {
                "regions": [],
                "rules": {"@@operators_allowed_for_child_policies": ["@@none"]},
                "selections": {"tags": {"t": {"tag_key": ""}}},
            },
            (
                "$.plans.P.regions",
                "$.plans.P.rules",
                "$.plans.P.selections.tags.t.iam_role_arn",
                "$.plans.P.selections.tags.t.tag_key",
                "$.plans.P.selections.tags.t.tag_value",
            ),
            id="empty-values",
        ),
        pytest.param(
            {
                "regions": ["us-east-1"],
                "rules": {"Weekly": "bad"},
                "selections": {"resources": "x"},
            },
            (
                "$.plans.P.rules.Weekly.schedule_expression",
                "$.plans.P.rules.Weekly.target_backup_vault_name",
                "$.plans.P.selections",
            ),
            id="rule-not-object",
        ),
        pytest.param(
            "plan",
            ("$.plans.P.regions", "$.plans.P.rules", "$.plans.P.selections"),
            id="not-object",
        ),
    ],
)
def test_incomplete_plans_say_what_is_missing(plan: object, missing: tuple[str, ...]) -> None:
    status = effective_policy([[{"plans": {"P": plan}}]]).plans["P"]
    assert status.missing == missing
    assert not status.complete


def test_account_id_replaces_the_account_placeholder_in_values() -> None:
    result = effective_policy([[PII_PARENT]], account_id="123456789012")
    plan = result.document["plans"]["PII_Backup_Plan"]  # type: ignore[index]
    assert (
        plan["selections"]["tags"]["datatype"]["iam_role_arn"]
        == "arn:aws:iam::123456789012:role/MyIamRole"
    )
    assert SECONDARY in plan["rules"]["Hourly"]["copy_actions"]  # keys are left as written
    assert "$account" in json.dumps(effective_policy([[PII_PARENT]]).document)


def test_effective_document_is_minified_json_or_none() -> None:
    assert effective_document([]) is None
    assert effective_document([[], [], []]) is None
    text = effective_document([[json.dumps(PII_PARENT)], [], [json.dumps(MONTHLY_CHILD)]])
    merged = effective_policy([[PII_PARENT], [MONTHLY_CHILD]]).document
    assert text == json.dumps(merged, separators=(",", ":"), ensure_ascii=False)
    assert effective_document([["{}"]]) == "{}"


def test_effective_document_passes_the_account_id() -> None:
    text = effective_document([[json.dumps(PII_PARENT)]], "123456789012")
    assert text is not None
    assert "arn:aws:iam::123456789012:role/MyIamRole" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"plans": ', "policy 1 at level 0: the policy is not valid JSON"),
        ('{"plans": {}, "plans": {}}', "policy 1 at level 0: key 'plans' appears more than once"),
    ],
)
def test_policies_that_do_not_parse_are_refused(text: str, message: str) -> None:
    with pytest.raises(PolicyValidationError) as raised:
        effective_policy([["{}", text]])
    assert raised.value.issues[0].message.startswith(message)
