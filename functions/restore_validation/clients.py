"""boto3 clients, made once per service and reused across invocations of a Lambda sandbox.

Standard retry mode retries throttling and transient errors before an error reaches our code;
whatever still fails raises, so Lambda retries the event and finally sends it on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

__all__ = ["ClientFactory", "client"]

ClientFactory = Callable[[str], Any]

_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 5}, connect_timeout=5, read_timeout=20
)


@cache
def client(service: str) -> Any:
    """The boto3 client for ``service`` (``client.cache_clear()`` forgets them, for tests)."""
    return boto3.client(service, config=_CONFIG)
