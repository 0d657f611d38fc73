"""The backoff helper with an injected clock, sleeper and random source (no real sleeping)."""

from __future__ import annotations

import random

import pytest

from backup_org_policy_manager.errors import DeadlineExceededError, RetryableError
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


def _flaky(failures: int) -> tuple[list[int], object]:
    calls: list[int] = []

    def action() -> str:
        calls.append(1)
        if len(calls) <= failures:
            raise RetryableError("AttachPolicy", "TooManyRequestsException", "PolicyTargets ou-x")
        return "done"

    return calls, action


def test_success_first_time_never_sleeps() -> None:
    time = FakeTime()
    retrier = Retrier(100, clock=time.clock, sleeper=time.sleep)
    assert retrier.call(lambda: 42, what="x") == 42
    assert time.sleeps == []
    assert retrier.retries == 0


def test_backoff_is_exponential_with_full_jitter_and_reports_each_retry() -> None:
    time, codes = FakeTime(), list[str]()
    retrier = Retrier(
        1000, clock=time.clock, sleeper=time.sleep, rng=random.Random(1), base_s=0.5, cap_s=3,
        on_retry=codes.append,
    )  # fmt: skip
    calls, action = _flaky(5)
    assert retrier.call(action, what="attach") == "done"  # type: ignore[arg-type]
    assert len(calls) == 6
    assert retrier.retries == 5
    ceilings = [0.5, 1.0, 2.0, 3.0, 3.0]
    assert all(0 <= s <= c for s, c in zip(time.sleeps, ceilings, strict=True))
    assert len(set(time.sleeps)) == 5  # jittered, not fixed
    assert codes == ["TooManyRequestsException"] * 5
    assert retrier.slept_s == pytest.approx(sum(time.sleeps))


def test_gives_up_before_the_deadline_naming_what_failed() -> None:
    time = FakeTime()
    retrier = Retrier(2.0, clock=time.clock, sleeper=time.sleep, base_s=0.5, cap_s=10)
    _, action = _flaky(1000)
    with pytest.raises(DeadlineExceededError) as raised:
        retrier.call(action, what="attach")  # type: ignore[arg-type]
    assert str(raised.value).startswith(
        "PolicyTargets ou-x: AttachPolicy failed: TooManyRequestsException; still failing after"
    )
    assert time.now < 2.0  # never slept past the deadline


def test_no_call_starts_after_the_deadline() -> None:
    time = FakeTime()
    time.now = 5
    with pytest.raises(DeadlineExceededError, match="DeletePolicy p-1: no time left"):
        Retrier(5, clock=time.clock, sleeper=time.sleep).call(lambda: 1, what="DeletePolicy p-1")


def test_other_errors_are_not_retried() -> None:
    time = FakeTime()

    def broken() -> None:
        raise ValueError("bug")

    with pytest.raises(ValueError, match="bug"):
        Retrier(100, clock=time.clock, sleeper=time.sleep).call(broken, what="x")
    assert time.sleeps == []
