"""boto3 clients, made once per service and Region and reused across invocations.

Standard retry mode retries throttling and transient errors with backoff before an error
reaches our code; whatever still fails raises, so the invocation goes to its destination.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

__all__ = ["ClientFactory", "client"]

ClientFactory = Callable[[str, str], Any]

_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 5}, connect_timeout=5, read_timeout=20
)


@cache
def client(service: str, region: str) -> Any:
    """The boto3 client for ``service`` in ``region`` (``client.cache_clear()`` for tests)."""
    return boto3.client(service, region_name=region, config=_CONFIG)
