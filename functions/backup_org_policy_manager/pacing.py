"""A token bucket for Organizations requests: how long to wait before the next one (no sleeping).

``retry.Retrier`` asks it before every attempt and does the waiting itself, through its
injected sleeper, so nothing here reads a real clock.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DEFAULT_BURST", "DEFAULT_REQUESTS_PER_SECOND", "TokenBucket"]

# Organizations throttles per account across all callers and publishes no per-operation
# rate that holds under contention (several policies, other tools); 1 request/s is what
# the calls sustain without TooManyRequestsException when the account is shared.
DEFAULT_REQUESTS_PER_SECOND = 1.0
DEFAULT_BURST = 10


@dataclass(slots=True)
class TokenBucket:
    """``rate_per_s`` tokens a second, at most ``burst`` saved; one token per request.

    Raises ``ValueError`` for a rate that is not positive or a burst below 1.
    """

    rate_per_s: float
    burst: int = DEFAULT_BURST
    _tokens: float = field(init=False)
    _at: float | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if not self.rate_per_s > 0:
            raise ValueError(f"rate_per_s must be positive, got {self.rate_per_s}")
        if self.burst < 1:
            raise ValueError(f"burst must be at least 1, got {self.burst}")
        self._tokens = float(self.burst)

    @property
    def interval_s(self) -> float:
        """Seconds per request at the configured rate."""
        return 1.0 / self.rate_per_s

    def seconds_for(self, requests: int, now: float) -> float:
        """Seconds of pacing ``requests`` more requests need from ``now`` (the burst is free)."""
        self._refill(now)
        return max(0.0, requests - self._tokens) / self.rate_per_s

    def delay(self, now: float) -> float:
        """Seconds to wait from ``now`` until a token is available (0 when one is)."""
        self._refill(now)
        return 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.rate_per_s

    def take(self, now: float) -> None:
        """Spend one token at ``now`` (call after waiting ``delay(now)``)."""
        self._refill(now)
        self._tokens = max(0.0, self._tokens - 1.0)

    def _refill(self, now: float) -> None:
        if self._at is not None and now > self._at:
            self._tokens = min(float(self.burst), self._tokens + (now - self._at) * self.rate_per_s)
        self._at = now if self._at is None else max(self._at, now)
