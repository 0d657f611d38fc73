"""A sustained request-rate limit in front of the in-process emulator, on a virtual clock.

``ThrottledEndpoint`` plays the service side: a token bucket of ``rate`` requests per second
that answers ``TooManyRequestsException`` (as Organizations does, HTTP 400) when it is empty and
otherwise lets the emulator answer. ``virtual_time`` makes botocore's waits advance a
``VirtualClock`` instead of sleeping: the retry backoff (``botocore.endpoint``'s ``time.sleep``)
and the adaptive mode's client-side token bucket (``botocore.retries.bucket``'s clock and the
condition it waits on). So a run that would take an hour of throttled reads takes seconds.

The handler sits on ``before-send`` after the client's own rate limiter, so the service sees an
attempt at the moment the client lets it go; moto's in-process stubber is moved behind it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from unittest import mock

import botocore.endpoint
from botocore.awsrequest import AWSResponse
from botocore.retries import bucket
from moto.core.botocore_stubber import MockRawResponse
from moto.core.models import botocore_stubber

__all__ = ["CallStats", "ThrottledEndpoint", "VirtualClock", "virtual_time"]

_MIN_WAIT_S = 1e-4


class VirtualClock:
    """Seconds since the start of a run; ``sleep`` only moves the hands."""

    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)

    def time(self) -> float:
        return self.now


class _VirtualCondition:
    """``threading.Condition`` whose timed ``wait`` advances the virtual clock instead."""

    def __init__(self, lock: Any, clock: VirtualClock) -> None:
        self._condition = threading.Condition(lock)
        self._clock = clock

    def __enter__(self) -> bool:
        return self._condition.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._condition.__exit__(*exc)

    def wait(self, timeout: float | None = None) -> bool:
        # A real wait takes at least a little while; without a floor, a rounding remainder
        # of the bucket's capacity would be waited for in steps too small to move the clock.
        self._clock.sleep(max(timeout or 0.0, _MIN_WAIT_S))
        return False

    def notify(self, n: int = 1) -> None:
        self._condition.notify(n)


@contextmanager
def virtual_time(clock: VirtualClock) -> Iterator[VirtualClock]:
    """botocore's retry sleeps and adaptive rate limiter run on ``clock`` inside the block.

    Clients must be created inside the block (the adaptive bucket takes its clock then).
    """

    class _BucketClock:
        def current_time(self) -> float:
            return clock.now

        def sleep(self, seconds: float) -> None:
            clock.sleep(seconds)

    threads = SimpleNamespace(
        Lock=threading.Lock, Condition=lambda lock: _VirtualCondition(lock, clock)
    )
    with ExitStack() as stack:
        stack.enter_context(
            mock.patch.object(botocore.endpoint, "time", SimpleNamespace(sleep=clock.sleep))
        )
        stack.enter_context(mock.patch.object(bucket, "Clock", _BucketClock))
        stack.enter_context(mock.patch.object(bucket, "threading", threads))
        yield clock


@dataclass
class CallStats:
    """What a client did: API calls made, attempts sent, attempts throttled, worst call."""

    calls: int = 0
    attempts: int = 0
    throttled: int = 0
    max_attempts: int = 0
    failed_calls: int = 0
    _current: int = field(default=0, repr=False)

    @property
    def attempts_per_call(self) -> float:
        return self.attempts / max(1, self.calls)


class ThrottledEndpoint:
    """The service side of a sustained ``rate`` limit (requests per second) on ``clock``.

    Each attempt takes ``latency`` seconds of virtual time. The bucket holds ``max(1, rate)``
    tokens, so at most one second's worth of requests passes in a burst.
    """

    def __init__(self, clock: VirtualClock, rate: float, latency: float = 0.05) -> None:
        self.clock = clock
        self.rate = rate
        self.latency = latency
        self.stats = CallStats()
        self._capacity = max(1.0, rate)
        self._tokens = self._capacity
        self._last = clock.now

    def attach(self, client: Any) -> Any:
        """Put the limit in front of ``client`` (one of the emulator's, under ``mock_aws``)."""
        events = client.meta.events
        events.unregister("before-send", botocore_stubber)
        events.register("before-send", self._send)
        events.register("before-call", self._call_starts)
        events.register("after-call", self._call_ends)
        events.register("after-call-error", self._call_raises)
        return client

    def _admit(self) -> bool:
        now = self.clock.now
        self._tokens = min(self._capacity, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False

    def _send(self, request: Any, event_name: str, **_: Any) -> AWSResponse | None:
        self.stats.attempts += 1
        self.stats._current += 1
        admitted = self._admit()
        self.clock.sleep(self.latency)
        if admitted:
            answer: AWSResponse | None = botocore_stubber(event_name=event_name, request=request)
            return answer
        self.stats.throttled += 1
        body = {"__type": "TooManyRequestsException", "Message": "Rate exceeded"}
        headers = {"Content-Type": "application/x-amz-json-1.1"}
        raw = MockRawResponse(json.dumps(body).encode())
        return AWSResponse(request.url, 400, headers, raw)

    def _call_starts(self, **_: Any) -> None:
        self.stats.calls += 1
        self.stats._current = 0

    def _call_ends(self, parsed: dict[str, Any] | None = None, **_: Any) -> None:
        self.stats.max_attempts = max(self.stats.max_attempts, self.stats._current)
        if parsed and "Error" in parsed:
            self.stats.failed_calls += 1

    def _call_raises(self, **_: Any) -> None:
        self._call_ends(parsed={"Error": {}})
