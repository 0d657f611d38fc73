"""Continuation through crhelper's real poll path, driven by the CloudFormation driver, which
plays EventBridge (rehearsal.cfn.polling): one invocation is too short for the targets, so the
handler arms polling, crhelper writes its rule into the emulator and the driver replays it
until one answer arrives. Real time here, but invocations of 3.6 s (0.6 s of work each)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import boto3
import pytest

from backup_org_policy_manager import continuation
from rehearsal.cfn import CfnDriver
from tests.integration.backup_org_policy_manager.conftest import Org, make_org
from tests.integration.backup_org_policy_manager.policies import properties
from tests.templates.deployments import deployments

Stack = Callable[..., CfnDriver]
# Named as templates/org-policies.yaml names them, so the role check (tests/aws_calls) holds
# crhelper's calls to the role's rule and function names.
FUNCTION = f"{deployments('templates/org-policies.yaml')[0].stack_name}-policy-manager"
SHORT = {
    "timeout_s": 3.6, "max_polls": 30, "function_name": FUNCTION,
    "logical_resource_id": "DailyPolicy",
}  # fmt: skip


@pytest.fixture
def wide_org(aws: None) -> Org:
    made = make_org()
    made.add_ous(150)
    return made


@pytest.fixture
def function(aws: None) -> str:
    """The function crhelper lets its rule invoke (lambda:AddPermission needs it to exist)."""
    role = boto3.client("iam").create_role(
        RoleName="policy-manager",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
    )["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return None\n")
    boto3.client("lambda").create_function(
        FunctionName=FUNCTION, Runtime="python3.13", Role=role,
        Handler="app.handler", Code={"ZipFile": code.getvalue()},
    )  # fmt: skip
    return FUNCTION


def _rules() -> list[str]:
    return [rule["Name"] for rule in boto3.client("events").list_rules()["Rules"]]


def test_create_update_and_delete_continue_across_invocations_with_one_answer_each(
    wide_org: Org, function: str, stack: Stack
) -> None:
    driver = stack(**SHORT)
    created = driver.create(properties(wide_org.ous[:150]))
    assert created.sequence == (("request", "Create", "SUCCESS"),), created.reason
    answered = created.request.event
    assert answered["CrHelperPoll"] is True  # the answer came from a poll
    props = answered["ResourceProperties"]
    assert set(props) <= {"ServiceToken", "ServiceTimeout", "PolicyName", "ManagementRoleArn"}
    left = answered[continuation.WORK]  # the state: ids, what was left to do, a deadline
    assert 0 < len(left["Attach"]) < 150
    assert len(json.dumps(answered)) <= 8192
    policy_id = created.physical_resource_id or ""
    assert wide_org.targets(policy_id) == set(wide_org.ous[:150])
    assert created.request.response["Data"]["PolicyId"] == policy_id
    assert continuation.POLL_UNTIL not in created.request.response["Data"]
    assert _rules() == []  # crhelper removed its rule

    updated = driver.update(properties(wide_org.ous[75:]))
    assert updated.sequence == (("request", "Update", "SUCCESS"),), updated.reason
    assert wide_org.targets(policy_id) == set(wide_org.ous[75:])

    deleted = driver.delete()
    assert deleted.sequence == (("request", "Delete", "SUCCESS"),), deleted.reason
    assert deleted.request.event.get("CrHelperPoll") is True
    assert wide_org.policies() == []
    assert _rules() == []


def test_a_short_list_answers_at_once_without_polling(
    wide_org: Org, function: str, stack: Stack
) -> None:
    created = stack(**SHORT).create(properties(wide_org.ous[:3]))
    assert created.sequence == (("request", "Create", "SUCCESS"),), created.reason
    assert "CrHelperPoll" not in created.request.event
    assert _rules() == []


def test_the_delete_after_a_failed_create_continues_until_the_policy_is_gone(
    aws: None, function: str, stack: Stack
) -> None:
    org = make_org()
    org.add_ous(150)
    good = org.ous[:149]
    # An OU id that does not exist fails its attachment for good, after 149 attachments.
    missing = "ou-zzzz-zzzzzzzz"
    created = stack(**SHORT).create(properties([*good, missing]))
    assert created.request.status == "FAILED"
    assert missing in created.reason
    assert created.request.event.get("CrHelperPoll") is True  # it failed in a poll
    assert created.physical_resource_id is None
    cleanup = created.follow_ups[0]
    assert cleanup.status == "SUCCESS", cleanup.reason
    assert cleanup.event["PhysicalResourceId"].startswith(
        "p-"
    )  # the real id reached CloudFormation
    assert cleanup.event.get("CrHelperPoll") is True  # and its Delete continued too
    assert org.policies() == []
    assert _rules() == []
