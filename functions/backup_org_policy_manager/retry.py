"""The one backoff helper: exponential backoff with full jitter, bounded by a deadline.

https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ (full jitter).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from backup_org_policy_manager.errors import DeadlineExceededError, RetryableError

__all__ = ["Retrier"]

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
    ) -> None:
        self.deadline = deadline
        self._clock, self._sleeper = clock, sleeper
        self._rng = rng or random.Random()
        self._base_s, self._cap_s = base_s, cap_s
        self._on_retry = on_retry
        self.retries = 0
        self.slept_s = 0.0

    @property
    def remaining_s(self) -> float:
        """Seconds left before the deadline (negative once it has passed)."""
        return self.deadline - self._clock()

    def call(self, action: Callable[[], T], *, what: str) -> T:
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
            try:
                return action()
            except RetryableError as error:
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
