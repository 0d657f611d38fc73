"""Fault injection (rehearsal.emulator.faults) on the handler through the CloudFormation driver:
transient Organizations errors converge; a permanent one fails with the target named."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rehearsal.cfn import CfnDriver
from rehearsal.emulator.faults import ORGANIZATIONS_WRITES, Fault, injected
from tests.integration.backup_org_policy_manager.conftest import Org, make_org
from tests.integration.backup_org_policy_manager.policies import daily_policy, properties

Stack = Callable[..., CfnDriver]


@pytest.fixture
def big_org(aws: None) -> Org:
    made = make_org()
    made.add_ous(60)
    return made


@pytest.mark.parametrize("code", ["ConcurrentModificationException", "TooManyRequestsException"])
def test_thirty_percent_transient_write_failures_converge_on_fifty_targets(
    big_org: Org, stack: Stack, code: str
) -> None:
    first, second = big_org.ous[:50], big_org.ous[5:55]  # update: -5, +5
    flaky = Fault("organizations", ORGANIZATIONS_WRITES, code, rate=0.3)
    driver = stack(timeout_s=120)
    with injected(flaky, seed=7) as faults:
        created = driver.create(properties(first))
        assert created.sequence == (("request", "Create", "SUCCESS"),), created.reason
        policy_id = created.physical_resource_id or ""
        assert big_org.targets(policy_id) == set(first)

        updated = driver.update(properties(second, PolicyContent=daily_policy(days=60)))
        assert updated.sequence == (("request", "Update", "SUCCESS"),), updated.reason
        assert big_org.targets(policy_id) == set(second)
        rule = big_org.content(policy_id)["plans"]["Daily"]["rules"]["Daily"]
        assert rule["lifecycle"]["delete_after_days"] == {"@@assign": "60"}

        deleted = driver.delete()
        assert deleted.sequence == (("request", "Delete", "SUCCESS"),), deleted.reason
        injected_count = faults.count("organizations")
    assert big_org.policies() == []
    # The faults really fired, on attach and detach alike (30 % of ~170 writes).
    assert injected_count >= 25


def test_a_permanent_failure_on_one_target_fails_the_create_naming_it(
    big_org: Org, stack: Stack
) -> None:
    bad = big_org.ous[17]
    refuse = Fault(
        "organizations",
        frozenset({"AttachPolicy"}),
        "ConstraintViolationException",
        when={"TargetId": bad},
    )
    flaky = Fault("organizations", ORGANIZATIONS_WRITES, "TooManyRequestsException", rate=0.3)
    with injected(refuse, flaky, seed=3):
        created = stack(timeout_s=120).create(properties(big_org.ous[:50]))
    assert created.sequence == (
        ("request", "Create", "FAILED"),
        ("delete-after-failed-create", "Delete", "SUCCESS"),
    )
    assert created.reason.startswith(f"PolicyTargets {bad}: AttachPolicy failed: Constraint")
    assert len(created.reason) < 256
    assert big_org.policies() == []  # the follow-up Delete removed the half-attached policy


def test_retries_stop_before_the_lambda_timeout_with_one_response_naming_the_target(
    big_org: Org, stack: Stack
) -> None:
    """A target that is throttled forever: we give up inside the time, crhelper never has to."""
    stuck = big_org.ous[2]
    throttled = Fault(
        "organizations",
        frozenset({"AttachPolicy"}),
        "TooManyRequestsException",
        when={"TargetId": stuck},
    )
    with injected(throttled) as faults:
        created = stack(timeout_s=5).create(properties(big_org.ous[:4]))
        retried = faults.count("organizations", "AttachPolicy")
    assert created.request.status == "FAILED"
    assert not created.request.timed_out
    assert created.reason.startswith(f"PolicyTargets {stuck}: AttachPolicy failed: TooMany")
    assert "gave up before the Lambda timeout" in created.reason
    assert retried >= 3  # it did back off and retry, within ~2 s
    assert created.follow_ups[0].status == "SUCCESS"
    assert big_org.policies() == []
