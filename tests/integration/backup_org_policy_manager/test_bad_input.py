"""A corpus of bad input: each one answers FAILED with a Reason that names the property or the
policy's JSON path, and leaves the organization exactly as it was (Create and Update alike)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from rehearsal.cfn import CfnDriver
from tests.integration.backup_org_policy_manager.conftest import Org
from tests.integration.backup_org_policy_manager.policies import daily_policy, properties

Stack = Callable[..., CfnDriver]
RULE = "$.plans.Daily.rules.Daily"


def _rule(**changes: Any) -> dict[str, Any]:
    policy = daily_policy()
    policy["plans"]["Daily"]["rules"]["Daily"].update(changes)
    return policy


def _rules(count: int) -> dict[str, Any]:
    policy = daily_policy()
    rule = policy["plans"]["Daily"]["rules"]["Daily"]
    policy["plans"]["Daily"]["rules"] = {f"R{i}": rule for i in range(count)}
    return policy


def _copies(count: int) -> dict[str, Any]:
    vaults = [f"arn:aws:backup:us-east-1:111122223333:backup-vault:V{i}" for i in range(count)]
    copy = {"lifecycle": {"delete_after_days": {"@@assign": 35}}}
    return _rule(
        copy_actions={v: {"target_backup_vault_arn": {"@@assign": v}, **copy} for v in vaults}
    )


def _selection(**changes: Any) -> dict[str, Any]:
    policy = daily_policy()
    policy["plans"]["Daily"]["selections"].update(changes)
    return policy


def _role(arn: str) -> dict[str, Any]:
    return _selection(
        tags={
            "daily": {
                "iam_role_arn": {"@@assign": arn},
                "tag_key": {"@@assign": "backup"},
                "tag_value": {"@@assign": ["daily"]},
            }
        }
    )


def _huge() -> dict[str, Any]:
    policy = daily_policy()
    tags = {f"T{i}": {"tag_key": {"@@assign": f"k{i}"}, "tag_value": {"@@assign": "v" * 90}}
            for i in range(10)}  # fmt: skip
    policy["plans"] = {f"Plan{i:02d}": {**policy["plans"]["Daily"], "backup_plan_tags": tags}
                       for i in range(12)}  # fmt: skip
    return policy


RESOURCES = {
    "all": {
        "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/BackupRole"},
        "resource_types": {"@@assign": ["arn:aws:ec2:*:*:volume/*"]},
    }
}

# (case id, property overrides, what the Reason must start with)
CORPUS: list[tuple[str, dict[str, Any], str]] = [
    ("bad-json", {"PolicyContent": '{"plans": {'}, "PolicyContent $: the policy is not valid JSON"),
    ("json-not-object", {"PolicyContent": "[1, 2]"}, "PolicyContent $:"),
    ("duplicate-keys", {"PolicyContent": '{"plans": {}, "plans": {}}'}, "PolicyContent $.plans:"),
    ("wrong-type", {"PolicyContent": _rule(start_backup_window_minutes={"@@assign": "sixty"})},
     f"PolicyContent {RULE}.start_backup_window_minutes"),
    ("unknown-key", {"PolicyContent": _rule(colour={"@@assign": "blue"})},
     f"PolicyContent {RULE}.colour"),
    ("cold-plus-90", {"PolicyContent": _rule(lifecycle={
        "move_to_cold_storage_after_days": {"@@assign": 30},
        "delete_after_days": {"@@assign": 100}})},
     f"PolicyContent {RULE}.lifecycle"),
    ("start-window", {"PolicyContent": _rule(start_backup_window_minutes={"@@assign": 30})},
     f"PolicyContent {RULE}.start_backup_window_minutes"),
    ("eleven-rules", {"PolicyContent": _rules(11)}, "PolicyContent $.plans.Daily.rules"),
    ("six-copies", {"PolicyContent": _copies(6)}, f"PolicyContent {RULE}.copy_actions"),
    ("tags-and-resources", {"PolicyContent": _selection(resources=RESOURCES)},
     "PolicyContent $.plans.Daily.selections"),
    ("bad-cron", {"PolicyContent": _rule(schedule_expression={"@@assign": "cron(61 5 * * ? *)"})},
     f"PolicyContent {RULE}.schedule_expression"),
    ("bad-region", {"PolicyContent": {"plans": {"Daily": {
        **daily_policy()["plans"]["Daily"], "regions": {"@@assign": ["us-moon-1"]}}}}},
     "PolicyContent $.plans.Daily.regions"),
    ("bad-arn", {"PolicyContent": _role("not-an-arn")},
     "PolicyContent $.plans.Daily.selections.tags.daily.iam_role_arn"),
    ("account-outside-arn",
     {"PolicyContent": _rule(target_backup_vault_name={"@@assign": "v-$account"})},
     f"PolicyContent {RULE}.target_backup_vault_name"),
    ("over-10000", {"PolicyContent": _huge()}, "PolicyContent $:"),
    ("unknown-variable", {"PolicyContent": _rule(target_backup_vault_name={"@@assign": "${Nope}"})},
     f"PolicyContent {RULE}.target_backup_vault_name[\"@@assign\"]: variable " + "${Nope}"),
    ("empty-targets", {"PolicyTargets": []}, "PolicyTargets: is required"),
    ("blank-targets", {"PolicyTargets": " , "}, "PolicyTargets: names no target"),
    ("malformed-target", {"PolicyTargets": ["ou-123"]}, "PolicyTargets[0]:"),
    ("target-not-string", {"PolicyTargets": [{"Ref": "Ou"}]}, "PolicyTargets[0]: must be a string"),
    ("wrong-policy-type", {"PolicyType": "SERVICE_CONTROL_POLICY"},
     "PolicyType: only BACKUP_POLICY"),
    ("no-name", {"PolicyName": ""}, "PolicyName: is required"),
    ("long-name", {"PolicyName": "n" * 129}, "PolicyName: is 129 characters"),
    ("long-description", {"PolicyDescription": "d" * 513}, "PolicyDescription: is 513 characters"),
    ("content-list", {"PolicyContent": [1]}, "PolicyContent: must be an object"),
    ("no-content", {"PolicyContent": None}, "PolicyContent: is required"),
    ("s3-shape", {"PolicyContent": {"S3": {"Bucket": "b"}}}, "PolicyContent.S3: must be"),
    ("unknown-property", {"PolicyTarget": ["r-abcd"]}, "PolicyTarget: unknown property"),
    ("variables-shape", {"Variables": ["${CentralVaultArn}"]}, "Variables[0]:"),
    ("reserved-tag", {"Tags": {"aws:owner": "me"}}, "Tags.aws:owner:"),
    ("bad-role-arn", {"ManagementRoleArn": "arn:aws:iam::123:user/x"}, "ManagementRoleArn:"),
    ("no-regions", {"PolicyRegions": ","}, "PolicyContent $: regions were given"),
    ("bad-policy-region", {"PolicyRegions": ["us-moon-1"]}, "PolicyContent $.plans.Daily.regions"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "reason"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_bad_create_fails_naming_the_field_and_changes_nothing(
    org: Org, stack: Stack, overrides: dict[str, Any], reason: str
) -> None:
    before = org.snapshot()
    created = stack().create(properties([org.ous[0]], **overrides))
    assert created.sequence == (
        ("request", "Create", "FAILED"),
        ("delete-after-failed-create", "Delete", "SUCCESS"),
    )
    assert created.reason.startswith(reason), created.reason
    assert len(created.reason) < 256
    assert org.snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "reason"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_bad_update_fails_naming_the_field_and_changes_nothing(
    org: Org, stack: Stack, overrides: dict[str, Any], reason: str
) -> None:
    driver = stack()
    assert driver.create(properties([org.ous[0]], Tags={"v": "1"})).succeeded
    before = org.snapshot()
    updated = driver.update(properties([org.ous[1]], **{"Tags": {"v": "2"}, **overrides}))
    assert updated.sequence == (("request", "Update", "FAILED"), ("rollback", "Update", "SUCCESS"))
    assert updated.reason.startswith(reason), updated.reason
    assert org.snapshot() == before


def test_policy_content_is_never_echoed_in_the_reason(org: Org, stack: Stack) -> None:
    secret = "vault-name-that-must-not-leak"
    policy = _rule(start_backup_window_minutes={"@@assign": 1}, target_backup_vault_name=secret)
    created = stack().create(properties([org.ous[0]], PolicyContent=json.dumps(policy)))
    assert not created.succeeded
    assert secret not in json.dumps(created.request.response)


def test_missing_s3_object_fails_naming_it(org: Org, stack: Stack) -> None:
    import boto3

    # The artifact bucket and prefix org-policies.yaml passes (and its role may read).
    bucket = "org-backup-artifacts-123456789012-us-east-1"
    boto3.client("s3").create_bucket(Bucket=bucket)
    before = org.snapshot()
    source = {"S3": {"Bucket": bucket, "Key": "policies/missing.json"}}
    created = stack().create(properties([org.ous[0]], PolicyContent=source))
    assert created.reason == (
        f"PolicyContent.S3: cannot read s3://{bucket}/policies/missing.json: NoSuchKey"
    )
    assert org.snapshot() == before


def test_the_corpus_has_at_least_25_cases() -> None:
    assert len({case for case, _, _ in CORPUS}) == len(CORPUS) >= 25
