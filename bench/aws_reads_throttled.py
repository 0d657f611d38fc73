"""Does ``backup-policy preview --from-aws`` read a 1,000 or 5,000-account organization under a
sustained Organizations limit of 1 or 2 requests per second?

A generated organization (bench/_org_generator.py) is built in the in-process emulator; then
the CLI's reader (``orgbackup.cli.aws_reader``: the client it builds, the calls it makes) reads it
through ``bench/_throttle.py``: a token bucket of 1 or 2 requests per second that answers
``TooManyRequestsException``, on a virtual clock (botocore's backoff and adaptive rate limiter
wait on it; nothing sleeps). Each case runs with three jitter seeds, once with the clients'
retry configuration (``orgbackup.aws_clients``: adaptive, 6 attempts) and once with boto3's default
(standard, 3 attempts, retry quota), which issue 15 saw abort. Rows give whether the read
completed, calls made, attempts per call (mean and worst), throttled attempts and the virtual
time the read took.

Budget: with the clients' configuration every read completes.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

from bench._emulated_org import build, measure_sizes
from bench._report import finish
from bench._throttle import ThrottledEndpoint, VirtualClock, virtual_time

DEFAULT_SIZES = "1000,5000"
RATES = (1.0, 2.0)
SEEDS = (1, 2, 3)
OURS = "aws_clients (adaptive, 6)"
DEFAULT = "boto3 default (standard, 3)"


def _ours() -> Any:
    from orgbackup.cli.aws_reader import organizations_client

    return organizations_client(None, "us-east-1")


def _boto3_default() -> Any:
    retries: Any = {"mode": "standard"}  # 3 attempts in all, as with no configuration
    return boto3.client("organizations", region_name="us-east-1", config=Config(retries=retries))


CLIENTS: dict[str, Callable[[], Any]] = {OURS: _ours, DEFAULT: _boto3_default}


def read_throttled(make_client: Callable[[], Any], rate: float, seed: int) -> dict[str, Any]:
    """Read the emulated organization through a ``rate`` limit; the measures of that read."""
    from orgbackup.cli.aws_reader import read
    from orgbackup.cli.errors import AwsReadError

    clock = VirtualClock()
    random.seed(seed)  # botocore's backoff jitter draws from the global generator
    started = time.perf_counter()
    with virtual_time(clock):
        endpoint = ThrottledEndpoint(clock, rate)
        client = endpoint.attach(make_client())
        try:
            read(client)
            outcome = "complete"
        except AwsReadError as error:
            outcome = f"aborted ({error})"
    stats = endpoint.stats
    return {
        "result": outcome,
        "calls": stats.calls,
        "attempts/call": stats.attempts_per_call,
        "worst call": stats.max_attempts,
        "throttled": stats.throttled,
        "virtual_s": clock.now,
        "wall_s": time.perf_counter() - started,
    }


def _measure(accounts: int) -> list[dict[str, Any]]:
    from moto import mock_aws

    rows = []
    with mock_aws():
        build(boto3.client("organizations", region_name="us-east-1"), accounts)
        for config, make_client in CLIENTS.items():
            for rate in RATES:
                for seed in SEEDS:
                    found = read_throttled(make_client, rate, seed)
                    rows.append(
                        {"accounts": accounts, "client": config, "req/s": rate, "seed": seed}
                        | found
                    )
    return rows


def main(argv: list[str] | None = None) -> int:
    rows, args = measure_sizes(__doc__.splitlines()[0], DEFAULT_SIZES, _measure, argv)
    failures = [
        f"{row['accounts']} accounts at {row['req/s']} req/s, seed {row['seed']}: {row['result']}"
        for row in rows
        if row["client"] == OURS and row["result"] != "complete"
    ]
    return finish(rows, args.json, failures)


if __name__ == "__main__":
    raise SystemExit(main())
