"""The one backoff helper: exponential backoff with full jitter, pacing, bounded by a deadline.

https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ (full jitter).
Every wait of the function (backoff and pacing) goes through the injected sleeper.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from backup_org_policy_manager.errors import DeadlineExceededError, RetryableError
from backup_org_policy_manager.pacing import TokenBucket

__all__ = ["THROTTLING_CODES", "Retrier"]

THROTTLING_CODES = frozenset(
    {"TooManyRequestsException", "Throttling", "ThrottlingException", "RequestLimitExceeded"}
)

T = TypeVar("T")

logger = logging.getLogger(__name__)


class Retrier:
    """Repeat calls that raise ``RetryableError`` until they succeed or time runs out.

    Parameters
    ----------
    deadline
        ``clock()`` value after which no call starts and no sleep ends.
    clock, sleeper, rng
        Injected so tests and benchmarks control time; the defaults are the real ones.
    base_s, cap_s
        The n-th retry sleeps ``uniform(0, min(cap_s, base_s * 2**n))``.
    on_retry
        Called with the error code before each sleep (for a metric).
    bucket
        Paces every attempt (``pacing.TokenBucket``); None sends at once.

    ``calls``, ``busy_s`` and ``throttled`` measure what this invocation observed: finished
    calls, the seconds spent in them (waits, backoff and the requests themselves) and the
    throttling answers among their attempts.
    """

    def __init__(
        self,
        deadline: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleeper: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        base_s: float = 0.1,
        cap_s: float = 10.0,
        on_retry: Callable[[str], None] | None = None,
        bucket: TokenBucket | None = None,
    ) -> None:
        self.deadline = deadline
        self._clock, self._sleeper = clock, sleeper
        self._rng = rng or random.Random()
        self._base_s, self._cap_s = base_s, cap_s
        self._on_retry = on_retry
        self._bucket = bucket
        self.retries = 0
        self.slept_s = 0.0
        self.calls = 0
        self.busy_s = 0.0
        self.throttled = 0

    @property
    def remaining_s(self) -> float:
        """Seconds left before the deadline (negative once it has passed)."""
        return self.deadline - self._clock()

    @property
    def seconds_per_call(self) -> float:
        """Seconds one call took on average in this invocation, at least the pace."""
        paced = self._bucket.interval_s if self._bucket is not None else 0.0
        observed = self.busy_s / self.calls if self.calls else 0.0
        return max(paced, observed)

    def seconds_for(self, calls: int) -> float:
        """Seconds ``calls`` more calls are expected to take: at the observed mean, and no
        faster than the pace allows once the saved burst is spent."""
        observed = (self.busy_s / self.calls if self.calls else 0.0) * calls
        if self._bucket is None:
            return observed
        return max(observed, self._bucket.seconds_for(calls, self._clock()))

    def call(self, action: Callable[[], T], *, what: str) -> T:
        """``action()``, paced and retried (see ``attempt``), timed for ``seconds_per_call``."""
        started = self._clock()
        try:
            return self.attempt(action, what=what)
        finally:
            self.calls += 1
            self.busy_s += max(0.0, self._clock() - started)

    def attempt(self, action: Callable[[], T], *, what: str) -> T:
        """``action()``, repeated after a jittered sleep while it raises ``RetryableError``.

        Raises
        ------
        DeadlineExceededError
            No time is left to start the call, or to sleep before the next attempt; the
            message names ``what`` and the last error code.
        """
        attempt = 0
        while True:
            if self.remaining_s <= 0:
                raise DeadlineExceededError(f"{what}: no time left before the Lambda timeout")
            self._pace(what)
            try:
                return action()
            except RetryableError as error:
                self.throttled += error.code in THROTTLING_CODES
                delay = self._rng.uniform(0, min(self._cap_s, self._base_s * 2**attempt))
                attempt += 1
                if delay >= self.remaining_s:
                    raise DeadlineExceededError(
                        f"{error}; still failing after {attempt} attempts, gave up before "
                        "the Lambda timeout"
                    ) from error
                logger.info("retrying %s after %s in %.3f s", what, error.code, delay)
                if self._on_retry is not None:
                    self._on_retry(error.code)
                self.retries += 1
                self.slept_s += delay
                self._sleeper(delay)

    def _pace(self, what: str) -> None:
        if self._bucket is None:
            return
        wait = self._bucket.delay(self._clock())
        if wait >= self.remaining_s:
            raise DeadlineExceededError(f"{what}: no time left before the Lambda timeout")
        if wait > 0:
            self.slept_s += wait
            self._sleeper(wait)
        self._bucket.take(self._clock())
