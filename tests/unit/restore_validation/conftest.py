"""Every test starts with default configuration and no cached clients from another test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from restore_validation.clients import client
from restore_validation.config import load_config


@pytest.fixture(autouse=True)
def fresh_function(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fresh Lambda sandbox: default settings, clients made inside this test's emulator."""
    for name in ("ITEM_COUNT_TAG", "MAX_SCAN_PAGES"):
        monkeypatch.delenv(name, raising=False)
    load_config.cache_clear()
    client.cache_clear()
    yield
    load_config.cache_clear()
    client.cache_clear()
