"""The AWS clients of the operator tools (the ``backup-policy`` CLI, publish, bootstrap,
preflight), all built here with one retry configuration chosen for AWS Organizations' limits.

Organizations throttles per account with ``TooManyRequestsException`` at low request rates
(https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html, section
"Throttling limits"), so a read of a large organization, a few hundred list calls, meets it.
boto3's default (``standard`` mode, 3 attempts, a retry quota) gives up after two throttled
retries of one call, and its quota runs dry when throttling lasts. ``adaptive`` mode is
``standard`` plus a client-side token bucket that slows the client down to the rate the service
accepts after the first throttling answer; with ``MAX_ATTEMPTS`` attempts a call outlives the
bursts the bucket has not absorbed yet (a sustained limit costs at most 2 attempts per call).
Both settings are boto3's own
(https://docs.aws.amazon.com/boto3/latest/guide/retries.html, "Adaptive retry mode";
https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
bench/aws_reads_throttled.py measures the choice at 1 and 2 requests per second.

The Lambdas are packaged apart and keep their own clients (``functions/*/clients.py``).
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

__all__ = ["MAX_ATTEMPTS", "RETRY_MODE", "client", "client_config"]

RETRY_MODE = "adaptive"
# First attempt included. Throttled retries wait 1, 2, 4, 8, 16 s at most (jittered), enough for
# a burst the client's rate limiter has not absorbed yet; a refused connection is retried with
# 50 ms-based backoff, so "endpoint unreachable" still comes within about 1.5 s.
MAX_ATTEMPTS = 6


def client_config() -> Config:
    """The retry configuration every operator-tool client uses."""
    # ``total_max_attempts`` counts the first attempt; botocore's ``max_attempts`` key would
    # count retries only (https://docs.aws.amazon.com/botocore/latest/reference/config.html).
    return Config(retries={"mode": RETRY_MODE, "total_max_attempts": MAX_ATTEMPTS})


def client(
    service: str,
    *,
    region: str | None = None,
    endpoint_url: str | None = None,
    session: Any = None,
) -> Any:
    """A boto3 client for ``service`` with ``client_config()``.

    Parameters
    ----------
    region
        ``None`` keeps boto3's resolution (environment, profile).
    endpoint_url
        ``None`` keeps boto3's resolution (``AWS_ENDPOINT_URL`` included); e.g. the emulator.
    session
        The ``boto3.session.Session`` whose credentials to use (an assumed role's); ``None``
        uses boto3's default session.
    """
    config = client_config()
    if session is None:
        return boto3.client(service, region_name=region, endpoint_url=endpoint_url, config=config)
    return session.client(service, region_name=region, endpoint_url=endpoint_url, config=config)
