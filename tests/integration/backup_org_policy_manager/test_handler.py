"""The handler through the CloudFormation driver on the emulator (in-process moto): every
semantic of DESIGN §4.1, checked on the organization's final state, not just the status."""

from __future__ import annotations

import json
from collections.abc import Callable

import boto3

from backup_org_policy_manager.policy import validate
from backup_org_policy_manager.request import OWNER_LOGICAL_TAG, OWNER_STACK_TAG
from rehearsal.cfn import CfnDriver
from rehearsal.emulator.faults import Fault, injected
from tests.integration.backup_org_policy_manager.conftest import Org
from tests.integration.backup_org_policy_manager.policies import (
    CENTRAL_VAULT,
    daily_policy,
    properties,
)

Stack = Callable[..., CfnDriver]


def _owner_tags(driver: CfnDriver) -> dict[str, str]:
    return {OWNER_STACK_TAG: driver.stack.stack_id, OWNER_LOGICAL_TAG: "BackupOrgPolicy"}


def test_create_attaches_every_target_tags_ownership_and_returns_the_policy_id(
    org: Org, stack: Stack
) -> None:
    driver = stack()
    targets = [org.root_id, *org.ous, *org.accounts]
    created = driver.create(properties(targets, Tags={"team": "platform"}))
    assert created.succeeded, created.reason
    policy = org.policy_named("org-daily")
    assert created.physical_resource_id == policy["Id"]
    assert created.request.data == {
        "PolicyId": policy["Id"],
        "PolicyArn": policy["Arn"],
        "PolicyName": "org-daily",
    }
    assert org.targets(policy["Id"]) == set(targets)
    assert org.tags(policy["Id"]) == {"team": "platform", **_owner_tags(driver)}
    assert org.backup_enabled()  # the type was disabled before the Create


def test_stringified_content_round_trips_minified_valid_and_effective(
    org: Org, stack: Stack
) -> None:
    """CloudFormation sends numbers as strings; what AWS stores must still be a valid policy."""
    driver = stack()
    account = org.accounts[0]
    assert driver.create(properties([org.root_id])).succeeded
    policy_id = org.policy_named("org-daily")["Id"]
    stored = org.client.describe_policy(PolicyId=policy_id)["Policy"]["Content"]
    assert stored == json.dumps(json.loads(stored), separators=(",", ":"), ensure_ascii=False)
    rule = json.loads(stored)["plans"]["Daily"]["rules"]["Daily"]
    assert rule["start_backup_window_minutes"] == {"@@assign": "60"}
    assert CENTRAL_VAULT in rule["copy_actions"]  # the variable replaced a key
    assert validate(stored) == []
    effective = org.client.describe_effective_policy(PolicyType="BACKUP_POLICY", TargetId=account)
    plans = json.loads(effective["EffectivePolicy"]["PolicyContent"])["plans"]
    assert plans["Daily"]["rules"]["Daily"]["lifecycle"]["delete_after_days"] == "35"


def test_policy_regions_replace_every_plans_regions(org: Org, stack: Stack) -> None:
    driver = stack()
    created = driver.create(properties([org.ous[0]], PolicyRegions="eu-west-1, us-east-1"))
    assert created.succeeded, created.reason
    content = org.content(created.physical_resource_id or "")
    assert content["plans"]["Daily"]["regions"] == {"@@assign": ["eu-west-1", "us-east-1"]}


def test_content_from_s3(org: Org, stack: Stack) -> None:
    s3 = boto3.client("s3")
    # The artifact bucket and prefix org-policies.yaml passes (and its role may read).
    bucket, key = "org-backup-artifacts-123456789012-us-east-1", "policies/daily.json"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(daily_policy(days=40)))
    driver = stack()
    props = properties([org.ous[1]], PolicyContent={"S3": {"Bucket": bucket, "Key": key}})
    created = driver.create(props)
    assert created.succeeded, created.reason
    rule = org.content(created.physical_resource_id or "")["plans"]["Daily"]["rules"]["Daily"]
    assert rule["lifecycle"]["delete_after_days"] == {"@@assign": 40}


def test_update_in_place_changes_content_description_tags_and_diffs_targets(
    org: Org, stack: Stack
) -> None:
    driver = stack()
    before = [org.root_id, org.ous[0], org.ous[1]]
    created = driver.create(properties(before, Tags={"team": "a", "old": "x"}))
    policy_id = created.physical_resource_id or ""
    after = [org.ous[1], org.ous[2], *org.accounts]
    updated = driver.update(
        properties(
            after,
            PolicyDescription="now 90 days",
            PolicyContent=daily_policy(days=90),
            Tags={"team": "b"},
        )
    )
    assert updated.succeeded, updated.reason
    assert updated.sequence == (("request", "Update", "SUCCESS"),)
    assert updated.physical_resource_id == policy_id  # in place, no replacement
    assert org.targets(policy_id) == set(after)
    assert org.tags(policy_id) == {"team": "b", **_owner_tags(driver)}
    described = org.client.describe_policy(PolicyId=policy_id)["Policy"]
    assert described["PolicySummary"]["Description"] == "now 90 days"
    rule = json.loads(described["Content"])["plans"]["Daily"]["rules"]["Daily"]
    assert rule["lifecycle"]["delete_after_days"] == {"@@assign": "90"}


def test_update_attaches_new_targets_before_detaching_removed_ones(
    org: Org, stack: Stack, org_calls: list[str]
) -> None:
    """The order of writes: no target that stays is ever without the policy."""
    driver = stack()
    driver.create(properties([org.ous[0], org.ous[1]]))
    org_calls.clear()
    assert driver.update(properties([org.ous[1], org.ous[2]])).succeeded
    writes = [c for c in org_calls if c in ("AttachPolicy", "UpdatePolicy", "DetachPolicy")]
    assert writes == ["AttachPolicy", "UpdatePolicy", "DetachPolicy"]


def test_rename_is_a_replacement_and_the_old_policy_is_deleted(org: Org, stack: Stack) -> None:
    driver = stack()
    old_id = driver.create(properties([org.ous[0]])).physical_resource_id
    renamed = driver.update(properties([org.ous[0], org.ous[1]], PolicyName="org-daily-v2"))
    assert renamed.replaced
    assert renamed.sequence == (("request", "Update", "SUCCESS"), ("cleanup", "Delete", "SUCCESS"))
    assert [p["Name"] for p in org.policies()] == ["org-daily-v2"]
    new_id = org.policy_named("org-daily-v2")["Id"]
    assert renamed.physical_resource_id == new_id != old_id
    assert org.targets(new_id) == {org.ous[0], org.ous[1]}
    assert renamed.request.data["PolicyName"] == "org-daily-v2"


def test_failed_update_is_rolled_back_to_the_original_state(org: Org, stack: Stack) -> None:
    driver = stack()
    driver.create(properties([org.ous[0], org.ous[1]], Tags={"v": "1"}))
    original = org.snapshot()
    # The update attaches ou[2] and the accounts, updates the content, then cannot detach ou[0].
    refuse = Fault(
        "organizations",
        frozenset({"DetachPolicy"}),
        "AccessDeniedException",
        when={"TargetId": org.ous[0]},
        times=1,
    )
    wanted = [org.ous[1], org.ous[2], *org.accounts]
    with injected(refuse) as faults:
        failed = driver.update(
            properties(wanted, PolicyContent=daily_policy(days=7), Tags={"v": "2"})
        )
        assert faults.count("organizations", "DetachPolicy") == 1
    assert failed.sequence == (("request", "Update", "FAILED"), ("rollback", "Update", "SUCCESS"))
    assert failed.reason.startswith(
        f"PolicyTargets {org.ous[0]}: DetachPolicy failed: AccessDenied"
    )
    assert org.snapshot() == original


def test_foreign_policies_with_our_name_prefix_are_never_touched(org: Org, stack: Stack) -> None:
    foreign = org.client.create_policy(
        Name="org-daily-legacy",
        Description="someone else's",
        Content=json.dumps(daily_policy(vault=CENTRAL_VAULT)),
        Type="BACKUP_POLICY",
    )["Policy"]["PolicySummary"]["Id"]
    org.client.enable_policy_type(RootId=org.root_id, PolicyType="BACKUP_POLICY")
    org.client.attach_policy(PolicyId=foreign, TargetId=org.ous[0])
    theirs = org.snapshot()["policies"][foreign]
    driver = stack()
    assert driver.create(properties([org.ous[0]])).succeeded
    assert driver.update(properties([org.ous[1]], PolicyName="org-daily-2")).succeeded
    assert driver.delete().succeeded
    assert org.snapshot()["policies"] == {foreign: theirs}


def test_a_same_named_policy_without_our_tags_is_refused_and_left_alone(
    org: Org, stack: Stack
) -> None:
    org.client.create_policy(
        Name="org-daily", Description="manual", Content='{"plans":{}}', Type="BACKUP_POLICY"
    )
    before = org.snapshot()
    created = stack().create(properties([org.ous[0]]))
    assert created.sequence == (
        ("request", "Create", "FAILED"),
        ("delete-after-failed-create", "Delete", "SUCCESS"),
    )
    assert created.reason.startswith("PolicyName: policy p-")
    assert "not owned" in created.reason
    assert org.snapshot() == before


def test_create_adopts_a_same_named_policy_that_carries_our_tags(org: Org, stack: Stack) -> None:
    """What a CloudFormation retry sees after a Create whose response was lost."""
    driver = stack()
    tags = [{"Key": k, "Value": v} for k, v in _owner_tags(driver).items()]
    earlier = org.client.create_policy(
        Name="org-daily", Description="", Content='{"plans":{}}', Type="BACKUP_POLICY", Tags=tags
    )["Policy"]["PolicySummary"]["Id"]
    org.client.enable_policy_type(RootId=org.root_id, PolicyType="BACKUP_POLICY")
    org.client.attach_policy(PolicyId=earlier, TargetId=org.ous[2])  # no longer wanted
    created = driver.create(properties([org.ous[0], org.ous[1]]))
    assert created.succeeded, created.reason
    assert created.physical_resource_id == earlier
    assert org.targets(earlier) == {org.ous[0], org.ous[1]}
    assert "Daily" in org.content(earlier)["plans"]


def test_a_failed_create_reports_the_policy_id_so_the_follow_up_delete_cleans_up(
    org: Org, stack: Stack
) -> None:
    missing = "ou-zzzz-zzzzzzzz"  # well formed, but not in the organization
    created = stack().create(properties([org.ous[0], missing]))
    assert created.sequence == (
        ("request", "Create", "FAILED"),
        ("delete-after-failed-create", "Delete", "SUCCESS"),
    )
    assert created.reason.startswith(f"PolicyTargets {missing}: AttachPolicy failed")
    assert created.request.physical_resource_id.startswith("p-")
    assert org.policies() == []


def test_delete_of_an_id_that_is_not_a_policy_succeeds_and_changes_nothing(
    org: Org, stack: Stack
) -> None:
    before = org.snapshot()
    created = stack().create(properties([org.ous[0]], PolicyType="SERVICE_CONTROL_POLICY"))
    delete = created.follow_ups[0]
    assert not delete.physical_resource_id.startswith("p-")  # crhelper's invented id
    assert delete.status == "SUCCESS"
    assert org.snapshot() == before


def test_delete_of_a_policy_already_gone_succeeds(org: Org, stack: Stack) -> None:
    driver = stack()
    policy_id = driver.create(properties([org.ous[0]])).physical_resource_id or ""
    org.client.detach_policy(PolicyId=policy_id, TargetId=org.ous[0])
    org.client.delete_policy(PolicyId=policy_id)
    assert driver.delete().succeeded


def test_update_and_delete_refuse_a_policy_that_lost_our_tags(org: Org, stack: Stack) -> None:
    driver = stack()
    policy_id = driver.create(properties([org.ous[0]])).physical_resource_id or ""
    org.client.untag_resource(ResourceId=policy_id, TagKeys=[OWNER_STACK_TAG])
    before = org.snapshot()
    updated = driver.update(properties([org.ous[1]], PolicyDescription="changed"))
    assert updated.sequence == (("request", "Update", "FAILED"), ("rollback", "Update", "FAILED"))
    assert updated.reason.startswith(f"PhysicalResourceId: policy {policy_id} is not owned")
    deleted = driver.delete()
    assert not deleted.succeeded
    assert "not owned" in deleted.reason
    assert org.snapshot() == before


def test_management_role_is_assumed_for_organizations_calls(org: Org, stack: Stack) -> None:
    in_management = "arn:aws:iam::123456789012:role/OrgBackupPolicyAdmin"
    driver = stack()
    assert driver.create(properties([org.ous[0]], ManagementRoleArn=in_management)).succeeded
    assert org.targets(org.policy_named("org-daily")["Id"]) == {org.ous[0]}
    # A role in an account outside the organization proves the role's credentials are used.
    outside = "arn:aws:iam::210987654321:role/OrgBackupPolicyAdmin"
    refused = stack(stack_name="other").create(
        properties([org.ous[0]], PolicyName="other", ManagementRoleArn=outside)
    )
    assert not refused.succeeded
    assert "AWSOrganizationsNotInUseException" in refused.reason
    assert [p["Name"] for p in org.policies()] == ["org-daily"]
