"""The function's settings, read once per invocation from environment variables and checked.

A value the function cannot use raises ``ConfigurationError`` naming the variable, so the
invocation fails (and goes to the on-failure destination) instead of sending a wrong summary.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from job_summary.errors import ConfigurationError

__all__ = ["Config", "load_config"]

_TOPIC_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


@dataclass(frozen=True, slots=True)
class Config:
    """``topic_arn``: where the summary goes; ``regions``: the Regions whose jobs it counts."""

    topic_arn: str
    regions: tuple[str, ...]

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Config:
        """Read ``TOPIC_ARN`` and ``SUMMARY_REGIONS`` (comma-separated; default ``AWS_REGION``).

        Raises
        ------
        ConfigurationError
            ``TOPIC_ARN`` is not an SNS topic ARN, or a Region is not a Region name.
        """
        topic = environ.get("TOPIC_ARN", "").strip()
        if not _TOPIC_ARN.match(topic):
            raise ConfigurationError("TOPIC_ARN", f"{topic!r} is not an SNS topic ARN")
        listed = environ.get("SUMMARY_REGIONS", "").strip() or environ.get("AWS_REGION", "")
        regions = tuple(dict.fromkeys(r.strip() for r in listed.split(",") if r.strip()))
        bad = [region for region in regions if not _REGION.match(region)]
        if bad or not regions:
            raise ConfigurationError("SUMMARY_REGIONS", f"{listed!r} is not a list of Regions")
        return cls(topic, regions)


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """``Config.from_env`` over ``environ`` (default ``os.environ``)."""
    return Config.from_env(os.environ if environ is None else environ)
