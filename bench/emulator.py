"""How fast is the embedded emulator? Extension registration, server start/stop, call rates.

Budgets: server start + stop under 2 s; at least 100 calls/s in-process and through the
loopback server (the rehearsal and the fault-injection tests make thousands of calls).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import boto3

from bench._offline import offline_aws_environment
from bench._report import finish, parser

CALLS = 300
MIN_CALLS_PER_S = 100.0
MAX_SERVER_START_STOP_S = 2.0


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _call_rate(endpoint: str | None) -> float:
    org = boto3.client("organizations", endpoint_url=endpoint, region_name="us-east-1")
    org.create_organization(FeatureSet="ALL")
    elapsed = _timed(lambda: [org.describe_organization() for _ in range(CALLS)])
    return CALLS / elapsed


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    offline_aws_environment()
    from rehearsal.emulator import register

    register_s = _timed(register)
    from moto import mock_aws

    from rehearsal.emulator.server import running_emulator

    with mock_aws():
        in_process = _call_rate(None)
    start = time.perf_counter()
    with running_emulator() as endpoint:
        started_s = time.perf_counter() - start
        server = _call_rate(endpoint)
        stop_from = time.perf_counter()
    start_stop_s = started_s + (time.perf_counter() - stop_from)
    rows = [
        {"measure": "register extensions", "value": register_s, "unit": "s"},
        {"measure": "server start + stop", "value": start_stop_s, "unit": "s"},
        {"measure": "in-process call rate", "value": in_process, "unit": "calls/s"},
        {"measure": "server call rate", "value": server, "unit": "calls/s"},
    ]
    failures = [
        f"server start + stop took {start_stop_s:.2f} s > {MAX_SERVER_START_STOP_S} s"
        for _ in [0]
        if start_stop_s > MAX_SERVER_START_STOP_S
    ] + [
        f"{name} {rate:.0f} calls/s < {MIN_CALLS_PER_S:.0f}"
        for name, rate in (("in-process", in_process), ("server", server))
        if rate < MIN_CALLS_PER_S
    ]
    return finish(rows, args.json, failures)


if __name__ == "__main__":
    raise SystemExit(main())
