"""A fresh TagOnRestore Lambda sandbox for every test: default settings, no cached clients.

Both tag_on_restore test folders use it through their conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tag_on_restore.clients import client
from tag_on_restore.config import load_config

CONFIG_VARIABLES = (
    "EXCLUDED_TAG_KEYS",
    "OVERWRITE_EXISTING_TAGS",
    "PROVENANCE_TAGS",
    "PROVENANCE_TAG_PREFIX",
    "TAG_IN_PLACE_RESTORES",
)


@pytest.fixture(autouse=True)
def fresh_function(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fresh Lambda sandbox: default settings, clients made inside this test's emulator."""
    for name in CONFIG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    load_config.cache_clear()
    client.cache_clear()
    yield
    load_config.cache_clear()
    client.cache_clear()
