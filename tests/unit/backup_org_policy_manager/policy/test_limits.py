"""Every documented limit, through ``validate``: one table of (change to a valid policy, the
whole issues expected, paths included), at the limit and one past it.

docs/policy-checks.md lists each code with its AWS page; the botocore and cfn-lint tests at the
end check the figures against those independent references where they carry them.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import botocore.session
import pytest

from backup_org_policy_manager.policy import Issue, policy_metadata_issues, validate
from backup_org_policy_manager.policy.checks import lifecycle, metadata, rules, schedule, tags
from backup_org_policy_manager.policy.checks import selections as selection_checks
from backup_org_policy_manager.policy.checks.schema import BACKUP_NAME

VAULT = "arn:aws:backup:us-east-1:111122223333:backup-vault:central"
ROLE = "arn:aws:iam::$account:role/Backup"
BASE: dict[str, Any] = {
    "plans": {
        "Daily": {
            "regions": {"@@assign": ["us-east-1"]},
            "rules": {
                "Daily": {
                    "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                    "target_backup_vault_name": {"@@assign": "org-vault"},
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
PLAN = ("plans", "Daily")
RULE = (*PLAN, "rules", "Daily")
LIFECYCLE = (*RULE, "lifecycle")
COPY = (*RULE, "copy_actions", VAULT)
TAG = (*RULE, "recovery_point_tags", "Owner")
SELECTION = (*PLAN, "selections", "tags", "daily")

Change = tuple[tuple[str, ...], object]


def policy(*changes: Change) -> dict[str, Any]:
    """BASE with each (path, value) set; a value of None deletes the key."""
    document = copy.deepcopy(BASE)
    for path, value in changes:
        node = document
        for key in path[:-1]:
            node = node.setdefault(key, {})
        if value is None:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = value
    return document


def assign(value: object) -> dict[str, object]:
    return {"@@assign": value}


def copy_action(**lifecycle_days: object) -> dict[str, object]:
    days = {key: assign(value) for key, value in lifecycle_days.items()}
    return {"target_backup_vault_arn": assign(VAULT), "lifecycle": days}


def resources(arns: Iterable[str], conditions: int = 0) -> Change:
    selection: dict[str, object] = {
        "iam_role_arn": assign(ROLE),
        "resource_types": assign(list(arns)),
    }
    if conditions:
        equals = {
            f"c{i}": {"condition_key": "aws:ResourceTag/backup", "condition_value": "d"}
            for i in range(conditions)
        }
        selection["conditions"] = {"string_equals": equals}
    return (*PLAN, "selections"), {"resources": {"all": selection}}


def tag_selections(count: int) -> Change:
    one = {"iam_role_arn": ROLE, "tag_key": "b", "tag_value": ["d"]}
    return (*PLAN, "selections"), {"tags": {f"s{i}": one for i in range(count)}}


LIMITS = [
    # Lifecycle: 1 to 36,500 days, in rules and in copy actions.
    pytest.param([((*LIFECYCLE, "delete_after_days"), assign(36_500))], [], id="delete-36500"),
    pytest.param(
        [((*LIFECYCLE, "delete_after_days"), assign("36501"))],
        [
            Issue(
                "P204",
                (*LIFECYCLE, "delete_after_days"),
                "delete_after_days must be at most 36,500, not 36,501",
            )
        ],
        id="delete-36501",
    ),
    pytest.param(
        [((*LIFECYCLE, "delete_after_days"), assign(0))],
        [
            Issue(
                "P201",
                (*LIFECYCLE, "delete_after_days"),
                "delete_after_days must be at least 1, not 0",
            )
        ],
        id="delete-0",
    ),
    pytest.param(
        [((*RULE, "copy_actions"), {VAULT: copy_action(delete_after_days=36_500)})],
        [],
        id="copy-delete-36500",
    ),
    pytest.param(
        [((*RULE, "copy_actions"), {VAULT: copy_action(delete_after_days=36_501)})],
        [
            Issue(
                "P204",
                (*COPY, "lifecycle", "delete_after_days"),
                "delete_after_days must be at most 36,500, not 36,501",
            )
        ],
        id="copy-delete-36501",
    ),
    pytest.param(
        [
            (
                (*RULE, "copy_actions"),
                {VAULT: copy_action(move_to_cold_storage_after_days=36_501, delete_after_days=1)},
            )
        ],
        [
            Issue(
                "P204",
                (*COPY, "lifecycle", "move_to_cold_storage_after_days"),
                "move_to_cold_storage_after_days must be at most 36,500, not 36,501",
            )
        ],
        id="copy-cold-36501",
    ),
    # Cold storage: 90 days before deletion.
    pytest.param(
        [((*LIFECYCLE,), {"move_to_cold_storage_after_days": "30", "delete_after_days": "120"})],
        [],
        id="cold-90",
    ),
    pytest.param(
        [((*LIFECYCLE,), {"move_to_cold_storage_after_days": "30", "delete_after_days": "119"})],
        [
            Issue(
                "P202",
                (*LIFECYCLE, "delete_after_days"),
                "delete_after_days (119) must be at least 90 days after "
                "move_to_cold_storage_after_days (30), so at least 120",
            )
        ],
        id="cold-89",
    ),
    # Continuous backups: 35 days, no cold storage.
    pytest.param(
        [
            ((*RULE, "enable_continuous_backup"), assign(True)),
            ((*LIFECYCLE, "delete_after_days"), "35"),
        ],
        [],
        id="continuous-35",
    ),
    pytest.param(
        [((*RULE, "enable_continuous_backup"), True), ((*LIFECYCLE, "delete_after_days"), 36)],
        [
            Issue(
                "P203",
                (*LIFECYCLE, "delete_after_days"),
                "continuous backups are kept at most 35 days; delete_after_days is 36",
            )
        ],
        id="continuous-36",
    ),
    pytest.param(
        [
            ((*RULE, "enable_continuous_backup"), "true"),
            ((*LIFECYCLE, "move_to_cold_storage_after_days"), 1),
            ((*LIFECYCLE, "delete_after_days"), None),
        ],
        [
            Issue(
                "P205",
                (*LIFECYCLE, "move_to_cold_storage_after_days"),
                "continuous backups cannot move to cold storage; remove this setting",
            )
        ],
        id="continuous-cold",
    ),
    # Windows: start 60 minutes to 100 years; completion longer, at most 100 years.
    pytest.param(
        [
            ((*RULE, "start_backup_window_minutes"), assign("60")),
            ((*RULE, "complete_backup_window_minutes"), assign(52_560_000)),
        ],
        [],
        id="windows-at-limits",
    ),
    pytest.param(
        [((*RULE, "start_backup_window_minutes"), assign(59))],
        [
            Issue(
                "P304",
                (*RULE, "start_backup_window_minutes"),
                "start_backup_window_minutes must be at least 60, not 59",
            )
        ],
        id="start-59",
    ),
    pytest.param(
        [((*RULE, "start_backup_window_minutes"), 52_560_001)],
        [
            Issue(
                "P307",
                (*RULE, "start_backup_window_minutes"),
                "start_backup_window_minutes must be at most 52,560,000 (100 years), "
                "not 52,560,001",
            )
        ],
        id="start-past-100-years",
    ),
    pytest.param(
        [((*RULE, "complete_backup_window_minutes"), "52560001")],
        [
            Issue(
                "P307",
                (*RULE, "complete_backup_window_minutes"),
                "complete_backup_window_minutes must be at most 52,560,000 (100 years), "
                "not 52,560,001",
            )
        ],
        id="complete-past-100-years",
    ),
    pytest.param(
        [
            ((*RULE, "start_backup_window_minutes"), 120),
            ((*RULE, "complete_backup_window_minutes"), 120),
        ],
        [
            Issue(
                "P305",
                (*RULE, "complete_backup_window_minutes"),
                "complete_backup_window_minutes (120) must be longer than "
                "start_backup_window_minutes (120)",
            )
        ],
        id="complete-not-longer",
    ),
    # Cron forms.
    pytest.param(
        [((*RULE, "schedule_expression"), "rate(1 day)")],
        [
            Issue(
                "P301",
                (*RULE, "schedule_expression"),
                "'rate(1 day)' is not a cron(...) expression with six fields",
            )
        ],
        id="rate",
    ),
    pytest.param(
        [((*RULE, "schedule_expression"), "cron(0/30 * ? * * *)")],
        [
            Issue(
                "P306",
                (*RULE, "schedule_expression"),
                "minutes field '0/30' runs more than once an hour",
            )
        ],
        id="twice-an-hour",
    ),
    # Names and vault names.
    pytest.param(
        [((*PLAN, "rules"), {"R" * 50: BASE["plans"]["Daily"]["rules"]["Daily"]})],
        [],
        id="rule-name-50",
    ),
    pytest.param(
        [((*PLAN, "rules"), {"R" * 51: BASE["plans"]["Daily"]["rules"]["Daily"]})],
        [
            Issue(
                "P111",
                (*PLAN, "rules", "R" * 51),
                f"name {'R' * 51!r} must be 1-50 letters, digits, -, _ or .",
            )
        ],
        id="rule-name-51",
    ),
    pytest.param([((*RULE, "target_backup_vault_name"), "ab")], [], id="vault-name-2"),
    pytest.param(
        [((*RULE, "target_backup_vault_name"), assign("a"))],
        [
            Issue(
                "P123",
                (*RULE, "target_backup_vault_name"),
                "vault name 'a' must be 2-50 letters, digits, hyphens or underscores",
            )
        ],
        id="vault-name-1",
    ),
    pytest.param(
        [((*RULE, "target_backup_vault_name"), "org.vault")],
        [
            Issue(
                "P123",
                (*RULE, "target_backup_vault_name"),
                "vault name 'org.vault' must be 2-50 letters, digits, hyphens or underscores",
            )
        ],
        id="vault-name-dot",
    ),
    # Counts: rules, copy actions, recovery point tags, plan tags, selections, conditions, ARNs.
    pytest.param(
        [
            (
                (*PLAN, "rules"),
                {f"R{i}": BASE["plans"]["Daily"]["rules"]["Daily"] for i in range(11)},
            )
        ],
        [Issue("P120", (*PLAN, "rules"), "a plan may have at most 10 rules, not 11")],
        id="rules-11",
    ),
    pytest.param(
        [
            (
                (*RULE, "copy_actions"),
                {
                    VAULT[:-1] + str(i): {"target_backup_vault_arn": VAULT[:-1] + str(i)}
                    for i in range(6)
                },
            )
        ],
        [Issue("P401", (*RULE, "copy_actions"), "a rule may have at most 5 copy actions, not 6")],
        id="copy-actions-6",
    ),
    pytest.param(
        [
            (
                (*RULE, "recovery_point_tags"),
                {f"t{i}": {"tag_key": f"t{i}", "tag_value": "v"} for i in range(11)},
            )
        ],
        [
            Issue(
                "P122",
                (*RULE, "recovery_point_tags"),
                "a rule may set at most 10 recovery point tags, not 11",
            )
        ],
        id="recovery-point-tags-11",
    ),
    pytest.param(
        [
            (
                (*PLAN, "backup_plan_tags"),
                {f"t{i}": {"tag_key": f"t{i}", "tag_value": "v"} for i in range(50)},
            )
        ],
        [],
        id="plan-tags-50",
    ),
    pytest.param(
        [
            (
                (*PLAN, "backup_plan_tags"),
                {f"t{i}": {"tag_key": f"t{i}", "tag_value": "v"} for i in range(51)},
            )
        ],
        [Issue("P130", (*PLAN, "backup_plan_tags"), "a plan may set at most 50 tags, not 51")],
        id="plan-tags-51",
    ),
    pytest.param([tag_selections(50)], [], id="selections-50"),
    pytest.param(
        [tag_selections(51)],
        [Issue("P507", (*PLAN, "selections"), "a plan may have at most 50 selections, not 51")],
        id="selections-51",
    ),
    pytest.param([resources(["*"], conditions=30)], [], id="conditions-30"),
    pytest.param(
        [resources(["*"], conditions=31)],
        [
            Issue(
                "P505",
                (*PLAN, "selections", "resources", "all", "conditions"),
                "a selection may have at most 30 conditions, not 31",
            )
        ],
        id="conditions-31",
    ),
    pytest.param([resources(f"arn:aws:s3:::{i:x}" for i in range(500))], [], id="arns-500"),
    pytest.param(
        [resources(f"arn:aws:s3:::{i:x}" for i in range(501))],
        [
            Issue(
                "P508",
                (*PLAN, "selections", "resources", "all", "resource_types"),
                "a selection may name at most 500 resource ARNs, not 501",
            )
        ],
        id="arns-501",
    ),
    pytest.param([resources(f"arn:aws:s3:::{i}-*" for i in range(30))], [], id="wildcards-30"),
    pytest.param(
        [resources(f"arn:aws:s3:::{i}-*" for i in range(31))],
        [
            Issue(
                "P508",
                (*PLAN, "selections", "resources", "all", "resource_types"),
                "a selection may name at most 30 resource ARNs when one has a wildcard, not 31",
            )
        ],
        id="wildcards-31",
    ),
    # Tags a policy writes: key 1-128 and not aws:, value at most 256.
    pytest.param([(TAG, {"tag_key": "k" * 128, "tag_value": "v" * 256})], [], id="tag-at-limits"),
    pytest.param(
        [(TAG, {"tag_key": "k" * 129, "tag_value": assign("v" * 257)})],
        [
            Issue("P131", (*TAG, "tag_key"), "tag_key must be 1-128 characters, not 129"),
            Issue("P132", (*TAG, "tag_value"), "tag_value must be at most 256 characters, not 257"),
        ],
        id="tag-past-limits",
    ),
    pytest.param(
        [((*PLAN, "backup_plan_tags", "owner"), {"tag_key": "AWS:owner", "tag_value": "x"})],
        [
            Issue(
                "P133",
                (*PLAN, "backup_plan_tags", "owner", "tag_key"),
                "tag_key 'AWS:owner' uses the prefix aws:, kept for AWS",
            )
        ],
        id="tag-aws-prefix",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), LIMITS)
def test_documented_limits(changes: list[Change], expected: list[Issue]) -> None:
    assert validate(policy(*changes)) == expected


def sized(characters: int) -> dict[str, Any]:
    """BASE padded (in a selection's tag value) to ``characters`` once minified."""
    base = len(json.dumps(policy(((*SELECTION, "tag_value"), [""])), separators=(",", ":")))
    return policy(((*SELECTION, "tag_value"), ["x" * (characters - base)]))


def test_the_size_limit_counts_the_minified_document() -> None:
    assert len(json.dumps(sized(10_000), separators=(",", ":"))) == 10_000
    assert validate(json.dumps(sized(10_000), indent=4)) == []
    assert validate(sized(10_001)) == [
        Issue("P901", (), "the policy is 10,001 characters minified; AWS allows 10,000")
    ]


@pytest.mark.parametrize(
    ("name", "description", "expected"),
    [
        pytest.param("n" * 128, "d" * 512, [], id="at-limits"),
        pytest.param(
            "",
            None,
            [Issue("P902", ("PolicyName",), "a policy name must be 1-128 characters, not 0")],
            id="empty-name",
        ),
        pytest.param(
            "n" * 129,
            "d" * 513,
            [
                Issue("P902", ("PolicyName",), "a policy name must be 1-128 characters, not 129"),
                Issue(
                    "P903",
                    ("PolicyDescription",),
                    "a policy description must be at most 512 characters, not 513",
                ),
            ],
            id="past-limits",
        ),
    ],
)
def test_policy_name_and_description(
    name: str, description: str | None, expected: list[Issue]
) -> None:
    assert policy_metadata_issues(name, description) == expected


# Independent references: botocore's service models and cfn-lint's resource schema.
SESSION = botocore.session.get_session()
BACKUP = SESSION.get_service_model("backup")
ORGANIZATIONS = SESSION.get_service_model("organizations")
NAMES = ["a", "ab", "Daily-35", "a.b_c", "x" * 50, "x" * 51, "", "a b", "naïve", "a/b", "a$b"]


def _botocore_pattern(shape: str) -> re.Pattern[str]:
    return re.compile(BACKUP.shape_for(shape).metadata["pattern"])


@pytest.mark.parametrize("shape", ["BackupRuleName", "BackupSelectionName"])
def test_names_agree_with_botocore(shape: str) -> None:
    pattern = _botocore_pattern(shape)
    for name in NAMES:
        assert bool(BACKUP_NAME.fullmatch(name)) == bool(pattern.search(name)), name


def test_vault_names_agree_with_botocore() -> None:
    pattern = _botocore_pattern("BackupVaultName")
    for name in NAMES:
        assert bool(rules.VAULT_NAME.fullmatch(name)) == bool(pattern.search(name)), name


def _documentation(shape: str, member: str) -> str:
    text = BACKUP.shape_for(shape).members[member].documentation
    return re.sub(r"<[^>]+>", "", text)


def test_figures_agree_with_botocore_documentation() -> None:
    assert f"{schedule.MAXIMUM_WINDOW:,} minutes" in _documentation(
        "BackupRuleInput", "StartWindowMinutes"
    )
    assert f"at least {schedule.MINIMUM_START_WINDOW} minutes" in _documentation(
        "BackupRuleInput", "StartWindowMinutes"
    )
    assert f"at least {lifecycle.COLD_STORAGE_MINIMUM_DAYS} days" in _documentation(
        "Lifecycle", "DeleteAfterDays"
    )
    resources_doc = _documentation("BackupSelection", "Resources")
    assert f"{selection_checks.MAX_RESOURCE_ARNS} without wildcards" in resources_doc
    assert f"{selection_checks.MAX_WILDCARD_ARNS} ARNs with wildcards" in resources_doc
    create_policy = ORGANIZATIONS.shape_for("CreatePolicyRequest").members
    assert create_policy["Name"].metadata["max"] == metadata.MAX_NAME
    assert create_policy["Description"].metadata["max"] == metadata.MAX_DESCRIPTION


def test_tag_key_length_agrees_with_cfn_lint_schema() -> None:
    import cfnlint

    schemas = Path(cfnlint.__file__).parent / "data" / "schemas"
    providers = json.loads((schemas / "providers" / "us-east-1.json").read_text(encoding="utf-8"))
    schema = json.loads(
        (schemas / "resources" / f"{providers['AWS::Backup::BackupPlan']}.json").read_text(
            encoding="utf-8"
        )
    )
    rule = schema["definitions"]["BackupRuleResourceType"]["properties"]
    (pattern,) = rule["RecoveryPointTags"]["patternProperties"]
    assert pattern == f"^.{{1,{tags.MAX_TAG_KEY}}}$"
