"""The function's settings, read once from environment variables and checked.

A value the function cannot use raises ``ConfigurationError`` naming the variable, so a
misconfigured function fails every event (and keeps it for retry) instead of judging wrong.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from restore_validation.errors import ConfigurationError

__all__ = ["DEFAULT_ITEM_COUNT_TAG", "Config", "load_config"]

DEFAULT_ITEM_COUNT_TAG = "restore-validation:item-count"
_TAG_KEY = re.compile(r"^[\w .:/=+\-@]{1,128}$")


def _tag_key(environ: Mapping[str, str], name: str) -> str:
    key = environ.get(name, DEFAULT_ITEM_COUNT_TAG)
    if not _TAG_KEY.match(key) or key.lower().startswith("aws:"):
        raise ConfigurationError(name, f"{key!r} is not a tag key users can set")
    return key


def _pages(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip() or str(default)
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise ConfigurationError(name, f"must be a whole number from 1 to 10000, got {raw!r}")
    return int(raw)


@dataclass(frozen=True, slots=True)
class Config:
    """Where the expected item count comes from, and how far a DynamoDB count may read.

    ``item_count_tag``: the recovery point tag that holds the item count a restored table
    must have (AWS Backup copies the table's tags to the recovery point of a fully managed
    DynamoDB backup). ``max_scan_pages``: each Scan page reads at most 1 MB.
    """

    item_count_tag: str = DEFAULT_ITEM_COUNT_TAG
    max_scan_pages: int = 100

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Config:
        """Read ``ITEM_COUNT_TAG`` and ``MAX_SCAN_PAGES``.

        Raises
        ------
        ConfigurationError
            If a variable is set to a value the function cannot use.
        """
        return cls(
            item_count_tag=_tag_key(environ, "ITEM_COUNT_TAG"),
            max_scan_pages=_pages(environ, "MAX_SCAN_PAGES", 100),
        )


@cache
def load_config() -> Config:
    """The process's configuration, read once (``load_config.cache_clear()`` re-reads)."""
    return Config.from_env(os.environ)
