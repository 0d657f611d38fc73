"""Token bucket, time plan and continuation state: pure functions, a virtual clock."""

from __future__ import annotations

import json

import pytest

from backup_org_policy_manager import continuation
from backup_org_policy_manager.budget import plan
from backup_org_policy_manager.config import ENV_REQUESTS_PER_SECOND, Settings
from backup_org_policy_manager.errors import ConfigurationError, RetryableError, TimeBudgetError
from backup_org_policy_manager.pacing import TokenBucket
from backup_org_policy_manager.retry import Retrier


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_the_burst_is_free_then_requests_are_paced_at_the_rate() -> None:
    time = FakeTime()
    retrier = Retrier(1000, clock=time.clock, sleeper=time.sleep, bucket=TokenBucket(2.0, 3))
    for _ in range(7):
        retrier.call(lambda: None, what="AttachPolicy")
    assert time.sleeps == pytest.approx([0.5, 0.5, 0.5, 0.5])
    assert retrier.calls == 7
    assert retrier.seconds_per_call == pytest.approx(0.5)


def test_a_bucket_refills_while_idle_but_never_beyond_its_burst() -> None:
    bucket = TokenBucket(1.0, 2)
    bucket.take(0.0)
    bucket.take(0.0)
    assert bucket.delay(0.0) == pytest.approx(1.0)
    assert bucket.delay(100.0) == 0.0
    assert bucket.seconds_for(5, 100.0) == pytest.approx(3.0)


@pytest.mark.parametrize(("rate", "burst"), [(0.0, 1), (-1.0, 1), (1.0, 0)])
def test_a_bucket_refuses_a_rate_or_burst_it_cannot_keep(rate: float, burst: int) -> None:
    with pytest.raises(ValueError, match=r"rate_per_s|burst"):
        TokenBucket(rate, burst)


def test_a_pacing_wait_past_the_deadline_gives_up_without_sleeping() -> None:
    time = FakeTime()
    retrier = Retrier(0.5, clock=time.clock, sleeper=time.sleep, bucket=TokenBucket(1.0, 1))
    retrier.call(lambda: None, what="AttachPolicy ou-1")
    with pytest.raises(Exception, match="no time left"):
        retrier.call(lambda: None, what="AttachPolicy ou-2")
    assert time.sleeps == []


def test_throttling_answers_are_counted_and_slow_the_observed_rate() -> None:
    time = FakeTime()
    answers = iter([True, True, False] * 5)

    def flaky() -> None:
        if next(answers):
            raise RetryableError("AttachPolicy", "TooManyRequestsException")

    retrier = Retrier(1000, clock=time.clock, sleeper=time.sleep, base_s=1.0)
    for _ in range(5):
        retrier.call(flaky, what="AttachPolicy")
    assert retrier.throttled == 10
    assert retrier.seconds_per_call == pytest.approx(sum(time.sleeps) / 5)
    assert retrier.seconds_for(100) == pytest.approx(retrier.seconds_per_call * 100)


def _plan(targets: int, rate: float, state_chars: int = 2000) -> bool:
    """One invocation of 897 s, then a 45 s poll a minute, within an hour."""
    spo = 1 / rate
    return plan(
        targets, need_s=targets * spo, seconds_per_operation=spo, slice_s=897,
        service_timeout_s=3600, poll_interval_s=60, poll_slice_s=45, state_chars=state_chars,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("targets", "rate", "expected"),
    [
        (800, 1.0, False),  # 800 s fit one 897 s invocation
        (1_000, 1.0, True),  # ~17 min: this invocation and three polls
        (2_000, 2.0, True),
        (5_000, 2.0, True),  # ~42 min of work, ~54 min of wall time
    ],
)
def test_the_plan_says_whether_to_continue(targets: int, rate: float, expected: bool) -> None:
    assert _plan(targets, rate) is expected


@pytest.mark.parametrize(
    ("targets", "rate", "reason"),
    [
        (5_000, 1.0, "PolicyTargets: 5,000 targets at the observed 1.0 requests/s need ~84 min "
         "(~107 min across invocations); the custom resource allows 60 min"),
        (9_000, 2.0, "PolicyTargets: 9,000 targets at the observed 2.0 requests/s need ~75 min"),
    ],
)  # fmt: skip
def test_the_refusal_gives_the_arithmetic(targets: int, rate: float, reason: str) -> None:
    with pytest.raises(TimeBudgetError) as refused:
        _plan(targets, rate)
    assert str(refused.value).startswith(reason)
    assert str(refused.value).endswith("split PolicyTargets across policies or raise "
                                       "ServiceTimeout (at most 3600 s)")  # fmt: skip


def test_state_too_large_for_the_rule_input_is_refused() -> None:
    with pytest.raises(TimeBudgetError, match=r"\(9,000 of 8,192 characters of polling state\)"):
        _plan(1000, 1.0, state_chars=9000)


def test_compact_keeps_ids_and_the_work_left_and_drops_the_policy() -> None:
    event = {
        "RequestType": "Update",
        "ResourceProperties": {
            "ServiceToken": "arn:aws:lambda:us-east-1:1:function:f", "ServiceTimeout": "3600",
            "PolicyName": "daily", "PolicyContent": "x" * 9000, "PolicyTargets": "ou-1,ou-2",
            "Variables": {"a": "b"},
        },
        "OldResourceProperties": {"PolicyContent": "y" * 9000},
    }  # fmt: skip
    base = continuation.state_chars(event)
    assert base < 1500
    assert continuation.chars_per_target(("ou-1", "123456789012")) == 16
    continuation.compact(event, ["ou-2"], ["ou-9"])
    assert event["ResourceProperties"] == {
        "ServiceToken": "arn:aws:lambda:us-east-1:1:function:f", "ServiceTimeout": "3600",
        "PolicyName": "daily",
    }  # fmt: skip
    assert event[continuation.WORK] == {"Attach": ["ou-2"], "Detach": ["ou-9"]}
    assert "OldResourceProperties" not in event
    assert base + 2 * 8 >= len(json.dumps(event))


@pytest.mark.parametrize(
    ("value", "seconds"), [("900", 900.0), (None, 3600.0), ("7200", 3600.0), ("x", 3600.0)]
)
def test_service_timeout_is_read_leniently_within_cloudformations_range(
    value: str | None, seconds: float
) -> None:
    props = {} if value is None else {"ServiceTimeout": value}
    assert continuation.service_timeout_s({"ResourceProperties": props}) == seconds


def test_a_poll_after_the_service_timeout_fails_naming_it() -> None:
    continuation.expire({continuation.POLL_UNTIL: 100.0}, 99.0)
    with pytest.raises(TimeBudgetError, match="ServiceTimeout passed"):
        continuation.expire({continuation.POLL_UNTIL: 100.0}, 101.0)


@pytest.mark.parametrize("text", ["0", "-1", "fast", "101"])
def test_a_bad_request_rate_names_the_variable(text: str) -> None:
    with pytest.raises(ConfigurationError, match=ENV_REQUESTS_PER_SECOND):
        Settings.from_env({ENV_REQUESTS_PER_SECOND: text})
    assert Settings.from_env({ENV_REQUESTS_PER_SECOND: "2.5"}).requests_per_second == 2.5
