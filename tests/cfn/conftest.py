"""A hard time limit for the driver tests: crhelper retries a failed send forever."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from types import FrameType

import pytest

_LIMIT_S = 30


@pytest.fixture(autouse=True)
def _time_limit() -> Iterator[None]:
    # SIGALRM only exists on POSIX and is delivered to the main thread; elsewhere, skip it.
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"test exceeded {_LIMIT_S} s; a handler may be retrying a send")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(_LIMIT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
