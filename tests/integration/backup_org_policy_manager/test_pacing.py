"""The time contract on a virtual clock against the emulator: refuse before any write when the
targets cannot finish, continue across invocations when they can, and a Delete (also after a
failed Create) always completes. Each "invocation" is a new Retrier with its own deadline, as
the handler builds one per request; a request takes 0.05 virtual seconds."""

from __future__ import annotations

from collections import Counter
from typing import Any

import boto3
import pytest
from botocore.config import Config

from backup_org_policy_manager import continuation, lifecycle
from backup_org_policy_manager.budget import Budget
from backup_org_policy_manager.errors import TargetError, TimeBudgetError
from backup_org_policy_manager.organizations import Organizations
from backup_org_policy_manager.pacing import TokenBucket
from backup_org_policy_manager.ports import PolicyRef
from backup_org_policy_manager.request import Owner, PolicyRequest
from backup_org_policy_manager.retry import Retrier
from rehearsal.emulator.faults import Fault, injected
from tests.integration.backup_org_policy_manager.conftest import Org, make_org
from tests.integration.backup_org_policy_manager.policies import properties

OWNER = Owner("arn:aws:cloudformation:us-east-1:123456789012:stack/s/1", "Daily")
LAMBDA_S = 900 - 3  # the function's timeout less the response margin
REQUEST_S = 0.05
POLL_S = 30.0  # work per poll here, shorter than the function's, to get several polls


class VirtualTime:
    """The clock and sleeper every wait goes through; each Organizations request takes time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds


class Invocations:
    """Organizations edges, one per invocation, over one client, and the writes they made."""

    def __init__(self, time: VirtualTime, rate: float = 1.0) -> None:
        self.time, self.rate = time, rate
        self.client = boto3.client(
            "organizations", config=Config(retries={"total_max_attempts": 1})
        )
        self.calls: Counter[str] = Counter()
        self.client.meta.events.register("before-call.organizations", self._request)
        self.count = 0

    def _request(self, model: Any, **kwargs: Any) -> None:
        self.calls[model.name] += 1
        self.time.now += REQUEST_S

    def next(
        self, slice_s: float = LAMBDA_S, state_chars: int = 2_000, per_target: int = 16
    ) -> tuple[Organizations, Budget]:
        """The edge and budget of a new invocation with ``slice_s`` seconds to work."""
        self.count += 1
        retrier = Retrier(
            self.time.now + slice_s,
            clock=self.time.clock,
            sleeper=self.time.sleep,
            bucket=TokenBucket(self.rate),
        )
        budget = Budget(
            retrier,
            service_timeout_s=3600,
            poll_interval_s=continuation.POLL_INTERVAL_MINUTES * 60,
            poll_slice_s=continuation.POLL_SLICE_S,
            state_chars=state_chars,
            chars_per_target=per_target,
        )
        return Organizations(self.client, retrier), budget


def _request(targets: list[str]) -> PolicyRequest:
    return PolicyRequest.from_properties(properties(targets), OWNER)


def _no_s3(location: object) -> str:
    raise AssertionError("no S3 content in these tests")


def _accounts(count: int) -> list[str]:
    return [f"{100000000000 + i}" for i in range(count)]


@pytest.fixture
def wide_org(aws: None) -> Org:
    made = make_org()
    made.add_ous(120)
    return made


@pytest.mark.parametrize(
    ("targets", "rate", "said"),
    [
        (5_000, 1.0, "5,000 targets at the observed 1.0 requests/s need ~84 min"),
        (5_000, 2.0, "5,000 targets at the observed 2.0 requests/s need ~42 min"),
    ],
)
def test_a_target_list_that_cannot_finish_is_refused_before_any_write(
    org: Org, targets: int, rate: float, said: str
) -> None:
    time = VirtualTime()
    calls = Invocations(time, rate)
    edge, budget = calls.next()
    budget.service_timeout_s = 1800
    with pytest.raises(TimeBudgetError) as refused:
        lifecycle.create(_request(_accounts(targets)), edge, read_object=_no_s3, budget=budget)
    reason = str(refused.value)
    assert reason.startswith(f"PolicyTargets: {said}"), reason
    assert "the custom resource allows 30 min" in reason
    assert "split PolicyTargets across policies or raise ServiceTimeout" in reason
    assert len(reason) <= 255
    assert org.policies() == []
    assert not org.backup_enabled()
    assert set(calls.calls) == {"ListPolicies"}  # reads only


def test_a_list_whose_rest_is_too_long_to_carry_across_invocations_is_refused(org: Org) -> None:
    """2,000 accounts at 1/s: the first invocation would leave ~1,100, too many for 8,192."""
    targets = _accounts(2_000)
    event = {"RequestType": "Create", "ResourceProperties": properties(targets)}
    base = continuation.state_chars(event)
    per_target = continuation.chars_per_target(tuple(targets))
    calls = Invocations(VirtualTime())
    edge, budget = calls.next(state_chars=base, per_target=per_target)
    with pytest.raises(TimeBudgetError) as refused:
        lifecycle.create(_request(targets), edge, read_object=_no_s3, budget=budget)
    reason = str(refused.value)
    assert reason.startswith("PolicyTargets: 2,000 targets at the observed 1.0 requests/s"), reason
    assert "of 8,192 characters of polling state): split PolicyTargets" in reason
    assert org.policies() == []


def _create_across_invocations(
    calls: Invocations, request: PolicyRequest, slice_s: float
) -> tuple[PolicyRef, int]:
    edge, budget = calls.next(slice_s)
    ref = lifecycle.create(request, edge, read_object=_no_s3, budget=budget)
    polls = 0
    while budget.unfinished:
        polls += 1
        assert polls < 50, "no progress"
        calls.time.now += POLL_S
        left = budget.left
        edge, budget = calls.next(POLL_S)
        lifecycle.resume(ref.policy_id, left["attach"], left["detach"], OWNER, edge, budget=budget)
    return ref, polls


def test_a_create_that_needs_more_than_one_invocation_continues_until_every_target_is_attached(
    wide_org: Org,
) -> None:
    calls = Invocations(VirtualTime())
    request = _request(wide_org.ous[:120])
    ref, polls = _create_across_invocations(calls, request, slice_s=40)
    assert polls >= 2
    assert wide_org.targets(ref.policy_id) == set(wide_org.ous[:120])
    assert calls.calls["AttachPolicy"] == 120  # each target once: nothing repeated, no throttling
    assert calls.calls["CreatePolicy"] == 1
    assert [p["Name"] for p in wide_org.policies()] == ["org-daily"]


def test_update_continues_attaching_first_and_detaches_only_at_the_end(wide_org: Org) -> None:
    calls = Invocations(VirtualTime(), rate=20)
    first = _request(wide_org.ous[:60])
    ref, _ = _create_across_invocations(calls, first, slice_s=LAMBDA_S)
    calls.rate = 1.0
    calls.calls.clear()
    second = _request(wide_org.ous[60:])
    edge, budget = calls.next(30)
    lifecycle.update(second, properties(wide_org.ous[:60]), ref.policy_id, edge,
                     read_object=_no_s3, budget=budget)  # fmt: skip
    assert budget.unfinished
    attached = wide_org.targets(ref.policy_id)
    assert set(wide_org.ous[:60]) <= attached  # nothing detached before all are attached
    polls, pending = 0, True
    while pending:
        polls += 1
        calls.time.now += POLL_S
        left = budget.left
        edge, budget = calls.next(POLL_S)
        lifecycle.resume(ref.policy_id, left["attach"], left["detach"], OWNER, edge, budget=budget)
        pending = budget.unfinished
    assert polls >= 2
    assert wide_org.targets(ref.policy_id) == set(wide_org.ous[60:])
    assert calls.calls["AttachPolicy"] == 60
    assert calls.calls["DetachPolicy"] == 60
    assert calls.calls["UpdatePolicy"] == 1


@pytest.mark.parametrize("slice_s", [20.0, 45.0])
def test_the_delete_after_a_failed_create_completes_across_invocations(
    wide_org: Org, slice_s: float
) -> None:
    bad = wide_org.ous[100]
    refuse = Fault("organizations", frozenset({"AttachPolicy"}), "ConstraintViolationException",
                   when={"TargetId": bad})  # fmt: skip
    calls = Invocations(VirtualTime(), rate=50)
    policy_ids: list[str] = []
    edge, budget = calls.next()
    with injected(refuse), pytest.raises(TargetError):
        lifecycle.create(_request(wide_org.ous), edge, read_object=_no_s3,
                         on_policy_id=policy_ids.append, budget=budget)  # fmt: skip
    (policy_id,) = policy_ids
    assert len(wide_org.targets(policy_id)) == 100

    calls.rate = 1.0
    invocations = 0
    budget.unfinished = True
    while budget.unfinished:
        invocations += 1
        assert invocations < 50, "no progress"
        edge, budget = calls.next(slice_s)
        lifecycle.delete(policy_id, OWNER, edge, budget=budget)
    assert invocations >= 100 / slice_s
    assert wide_org.policies() == []


def test_an_id_that_is_no_policy_deletes_at_once_without_a_call(org: Org) -> None:
    calls = Invocations(VirtualTime())
    edge, budget = calls.next(1)
    lifecycle.delete("Daily-not-created-1234", OWNER, edge, budget=budget)
    assert not budget.unfinished
    assert sum(calls.calls.values()) == 0


def test_throttling_slows_the_observed_rate_and_the_plan_uses_it(wide_org: Org) -> None:
    """Half the requests throttled: the retrier's measure, not the configured pace, decides."""
    throttle = Fault("organizations", None, "TooManyRequestsException", rate=0.5)
    calls = Invocations(VirtualTime(), rate=10)
    edge, _ = calls.next(60)
    with injected(throttle, seed=3):
        for _ in range(20):
            edge.find_policy("none")
    assert edge.retrier.throttled > 0
    assert edge.retrier.seconds_per_call > 1 / 10
    need = edge.retrier.seconds_for(1000)
    assert need == pytest.approx(edge.retrier.seconds_per_call * 1000)
