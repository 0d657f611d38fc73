"""The AWS Backup client, built once per Lambda environment (``clear_caches`` is for tests)."""

from __future__ import annotations

import functools
from typing import Any

import boto3
from botocore.config import Config

__all__ = ["backup_client", "clear_caches"]

# Standard mode retries throttling and transient errors with jittered backoff; six attempts
# stay well inside the function's timeout.
RETRIES = Config(retries={"mode": "standard", "max_attempts": 6})


@functools.cache
def backup_client() -> Any:
    """The AWS Backup client for the function's Region."""
    return boto3.client("backup", config=RETRIES)


def clear_caches() -> None:
    """Forget the cached client (tests switch endpoints and credentials between cases)."""
    backup_client.cache_clear()
