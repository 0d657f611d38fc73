"""Every test starts with no cached clients and none of the function's variables set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from job_summary.clients import client


@pytest.fixture(autouse=True)
def fresh_function(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fresh Lambda sandbox: no settings, clients made inside this test's emulator."""
    for name in ("TOPIC_ARN", "SUMMARY_REGIONS"):
        monkeypatch.delenv(name, raising=False)
    client.cache_clear()
    yield
    client.cache_clear()
