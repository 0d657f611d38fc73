"""Value types as AWS accepts them: a tag value may be any JSON scalar and is text after the
merge; numbers and booleans may be written as strings, as AWS's examples do."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue, effective_policy, render, validate
from backup_org_policy_manager.policy.values import as_text, is_scalar

RULE_PATH = ("plans", "Daily", "rules", "Daily")
TAG_PATH = (*RULE_PATH, "recovery_point_tags", "Tier")


def with_tag(value: object, where: str = "rule") -> dict[str, object]:
    tag = {"tag_key": "tier", "tag_value": value}
    plan: dict[str, object] = {
        "regions": ["us-east-1"],
        "rules": {
            "Daily": {
                "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                "target_backup_vault_name": {"@@assign": "vault"},
                "start_backup_window_minutes": {"@@assign": "60"},
                "enable_continuous_backup": {"@@assign": "false"},
                "lifecycle": {"delete_after_days": "35"},
            }
        },
        "selections": {
            "tags": {
                "daily": {
                    "iam_role_arn": "arn:aws:iam::$account:role/Backup",
                    "tag_key": "backup",
                    "tag_value": ["daily"],
                }
            }
        },
    }
    if where == "rule":
        plan["rules"]["Daily"]["recovery_point_tags"] = {"Tier": tag}  # type: ignore[index]
    else:
        plan["backup_plan_tags"] = {"Tier": tag}
    return {"plans": {"Daily": plan}}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2", [], id="string"),
        pytest.param(2, [], id="number"),
        pytest.param({"@@assign": 2.5}, [], id="assigned-float"),
        pytest.param(True, [], id="boolean"),
        pytest.param(
            None,
            [
                Issue(
                    "P103",
                    (*TAG_PATH, "tag_value"),
                    "tag_value must be a string, number or boolean, not null",
                )
            ],
            id="null",
        ),
        pytest.param(
            {"@@assign": ["a"]},
            [
                Issue(
                    "P103",
                    (*TAG_PATH, "tag_value"),
                    "tag_value must be a string, number or boolean, not a list",
                )
            ],
            id="list",
        ),
        pytest.param(
            {"@@append": ["a"]},
            [
                Issue(
                    "P106",
                    (*TAG_PATH, "tag_value", "@@append"),
                    "@@append works on lists; tag_value takes one value",
                )
            ],
            id="append",
        ),
    ],
)
def test_recovery_point_tag_value_types(value: object, expected: list[Issue]) -> None:
    assert validate(with_tag(value)) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2, "2"),
        ({"@@assign": 2}, "2"),
        (2.5, "2.5"),
        (True, "true"),
        (False, "false"),
        ("02", "02"),
    ],
)
@pytest.mark.parametrize("where", ["rule", "plan"])
def test_tag_values_are_text_after_the_merge(value: object, text: str, where: str) -> None:
    rendered = render(with_tag(value, where))
    assert validate(rendered) == []
    plan = effective_policy([[rendered]]).document["plans"]["Daily"]  # type: ignore[index]
    tags = (
        plan["rules"]["Daily"]["recovery_point_tags"]
        if where == "rule"
        else plan["backup_plan_tags"]
    )
    assert tags["Tier"]["tag_value"] == text
    assert plan["rules"]["Daily"]["start_backup_window_minutes"] == "60"
    assert plan["rules"]["Daily"]["enable_continuous_backup"] == "false"


def test_a_published_policy_with_a_numeric_tag_value_is_accepted() -> None:
    assert (
        validate(
            '{"plans":{"P":{"rules":{"R":{"recovery_point_tags":{"t":{"tag_key":"k","tag_value":2}}}}}}}'
        )
        == []
    )


def test_scalars() -> None:
    values: list[object] = ["a", 1, 1.5, True, None, [], {}, float("nan")]
    assert [is_scalar(v) for v in values] == [
        True, True, True, True, False, False, False, False,
    ]  # fmt: skip
    assert [as_text(v) for v in (1, 1.5, True, "x", None)] == ["1", "1.5", "true", "x", None]
