"""The function's settings, read once from environment variables and checked.

A value the function cannot use raises ``ConfigurationError`` naming the variable, so a
misconfigured function fails every event (and keeps it for retry) instead of tagging wrong.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from tag_on_restore.errors import ConfigurationError

__all__ = ["DEFAULT_PROVENANCE_PREFIX", "Config", "load_config"]

DEFAULT_PROVENANCE_PREFIX = "backup:restore:"
# Characters AWS accepts in tag keys across services (EC2, RDS, DynamoDB, S3, ...).
_TAG_KEY = re.compile(r"^[\w .:/=+\-@]+$")
MAX_TAG_KEY_LENGTH = 128
# The longest suffix a provenance key gets (see tags.provenance_tags).
_LONGEST_SUFFIX = len("source-resource-arn")


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw not in ("true", "false"):
        raise ConfigurationError(name, f'must be "true" or "false", got {environ[name]!r}')
    return raw == "true"


def _excluded(environ: Mapping[str, str], name: str) -> frozenset[str]:
    keys = [key.strip() for key in environ.get(name, "").split(",")]
    for key in keys:
        pattern = key.removesuffix("*")
        if key and (len(key) > MAX_TAG_KEY_LENGTH or (pattern and not _TAG_KEY.match(pattern))):
            raise ConfigurationError(name, f"{key!r} is not a tag key (or a key prefix ending *)")
    return frozenset(key for key in keys if key)


def _prefix(environ: Mapping[str, str], name: str) -> str:
    prefix = environ.get(name, DEFAULT_PROVENANCE_PREFIX)
    if not prefix or not _TAG_KEY.match(prefix):
        raise ConfigurationError(name, f"{prefix!r} is not a valid tag key prefix")
    if prefix.lower().startswith("aws:"):
        raise ConfigurationError(name, "tag keys starting with aws: are reserved by AWS")
    if len(prefix) + _LONGEST_SUFFIX > MAX_TAG_KEY_LENGTH:
        limit = MAX_TAG_KEY_LENGTH - _LONGEST_SUFFIX
        raise ConfigurationError(name, f"must be at most {limit} characters")
    return prefix


@dataclass(frozen=True, slots=True)
class Config:
    """What to exclude, whether to overwrite, and the provenance tags to add.

    ``tag_in_place_restores``: a restore into its own source (created ARN = source ARN) gets
    provenance tags only when set, and never the source's or recovery point's tags.
    """

    excluded_tag_keys: frozenset[str] = frozenset()
    overwrite_existing_tags: bool = False
    provenance_tags: bool = True
    provenance_tag_prefix: str = DEFAULT_PROVENANCE_PREFIX
    tag_in_place_restores: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Config:
        """Read ``EXCLUDED_TAG_KEYS``, ``OVERWRITE_EXISTING_TAGS``, ``PROVENANCE_TAGS``,
        ``PROVENANCE_TAG_PREFIX`` and ``TAG_IN_PLACE_RESTORES``.

        Raises
        ------
        ConfigurationError
            If a variable is set to a value the function cannot use.
        """
        return cls(
            excluded_tag_keys=_excluded(environ, "EXCLUDED_TAG_KEYS"),
            overwrite_existing_tags=_flag(environ, "OVERWRITE_EXISTING_TAGS", False),
            provenance_tags=_flag(environ, "PROVENANCE_TAGS", True),
            provenance_tag_prefix=_prefix(environ, "PROVENANCE_TAG_PREFIX"),
            tag_in_place_restores=_flag(environ, "TAG_IN_PLACE_RESTORES", False),
        )


@cache
def load_config() -> Config:
    """The process's configuration, read once (``load_config.cache_clear()`` re-reads)."""
    return Config.from_env(os.environ)
