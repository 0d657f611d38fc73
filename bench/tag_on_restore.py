"""TagOnRestore: API calls and throughput per restore event as the account's vault count grows.

Budgets: at most 5 AWS API calls per event, the same for 1, 10, 100 and 500 vaults (the
function never scans vaults); at least 20 events/s in-process; handler import under 1 s in
a fresh interpreter; the Lambda zip under 5 MB. ``--json`` gets the per-vault-count rows;
import time and zip size go to ``<stem>-package.json`` beside it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3

from bench._offline import offline_aws_environment
from bench._report import finish, parser, print_table

ROOT = Path(__file__).resolve().parent.parent
PATTERN_FILE = ROOT / "functions" / "tag_on_restore" / "event_pattern.json"
VAULT_COUNTS = (1, 10, 100, 500)
EVENTS = 30
MAX_CALLS_PER_EVENT = 5
MIN_EVENTS_PER_S = 20.0
MAX_IMPORT_S = 1.0
MAX_ZIP_BYTES = 5 * 1024 * 1024
ROLE = "arn:aws:iam::123456789012:role/backup-operator"


def _restore_events(vaults: int) -> list[dict[str, Any]]:
    """Make ``vaults`` vaults, back a table up into the last one, restore it EVENTS times."""
    backup, sqs, events = boto3.client("backup"), boto3.client("sqs"), boto3.client("events")
    for n in range(vaults):
        backup.create_backup_vault(BackupVaultName=f"vault-{n:03d}")
    url = sqs.create_queue(QueueName="restores")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    events.put_rule(Name="restores", EventPattern=PATTERN_FILE.read_text())
    events.put_targets(Rule="restores", Targets=[{"Id": "q", "Arn": arn["QueueArn"]}])
    table = boto3.client("dynamodb").create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        Tags=[{"Key": "team", "Value": "payments"}],
    )["TableDescription"]["TableArn"]
    point = backup.start_backup_job(
        BackupVaultName=f"vault-{vaults - 1:03d}", ResourceArn=table, IamRoleArn=ROLE
    )["RecoveryPointArn"]
    for n in range(EVENTS):
        backup.start_restore_job(
            RecoveryPointArn=point, Metadata={"targetTableName": f"copy-{n}"}, IamRoleArn=ROLE
        )
    received: list[dict[str, Any]] = []
    while len(received) < EVENTS:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            break
        for message in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        received += [json.loads(message["Body"]) for message in messages]
    return received


def _measure(vaults: int) -> dict[str, Any]:
    from moto import mock_aws

    from rehearsal.cfn.context import FakeLambdaContext
    from tag_on_restore import app
    from tag_on_restore.clients import client

    with mock_aws():
        restore_events = _restore_events(vaults)
        client.cache_clear()
        calls: list[str] = []
        for service in ("backup", "dynamodb"):
            client(service).meta.events.register(
                "before-call", lambda event_name, **_: calls.append(event_name)
            )
        context = FakeLambdaContext(
            function_name="tag-on-restore", invoked_function_arn="arn:bench", timeout_s=900
        )
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # EMF lines
            statuses = [app.handler(event, context)["status"] for event in restore_events]
        elapsed = time.perf_counter() - start
        client.cache_clear()
    if statuses != ["tagged"] * EVENTS:
        raise RuntimeError(f"expected {EVENTS} tagged restores, got {statuses}")
    return {
        "vaults": vaults,
        "events": len(restore_events),
        "api_calls_per_event": len(calls) / len(restore_events),
        "events_per_s": len(restore_events) / elapsed,
    }


def _import_s() -> float:
    code = "import time; t = time.perf_counter(); import tag_on_restore.app; "
    code += "print(time.perf_counter() - t)"
    env = os.environ | {"PYTHONPATH": f"{ROOT / 'functions'}{os.pathsep}{ROOT}"}
    runs = [
        float(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                             capture_output=True, text=True).stdout)
        for _ in range(3)
    ]  # fmt: skip
    return min(runs)


def _zip_bytes() -> int:
    from orgbackup.package import build

    with tempfile.TemporaryDirectory(prefix="bench-zip-") as scratch:
        return build("tag_on_restore", Path(scratch)).size


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    offline_aws_environment(
        POWERTOOLS_SERVICE_NAME="tag-on-restore-bench",
        POWERTOOLS_METRICS_NAMESPACE="Bench",
        POWERTOOLS_LOG_LEVEL="WARNING",
    )
    from rehearsal.emulator import register

    register()
    rows = [_measure(vaults) for vaults in VAULT_COUNTS]
    import_s, zip_bytes = _import_s(), _zip_bytes()
    package = [
        {"measure": "handler import (fresh interpreter)", "value": import_s, "unit": "s"},
        {"measure": "Lambda zip size", "value": zip_bytes, "unit": "bytes"},
    ]
    print_table(package)
    print()
    if args.json:
        path = args.json.with_name(f"{args.json.stem}-package.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(package, indent=2) + "\n")
    calls = {row["api_calls_per_event"] for row in rows}
    failures = [
        f"{row['vaults']} vaults: {row['api_calls_per_event']:.2f} calls/event > "
        f"{MAX_CALLS_PER_EVENT}"
        for row in rows
        if row["api_calls_per_event"] > MAX_CALLS_PER_EVENT
    ]
    if len(calls) > 1:
        failures.append(f"API calls per event vary with the vault count: {sorted(calls)}")
    failures += [
        f"{row['vaults']} vaults: {row['events_per_s']:.1f} events/s < {MIN_EVENTS_PER_S}"
        for row in rows
        if row["events_per_s"] < MIN_EVENTS_PER_S
    ]
    if import_s > MAX_IMPORT_S:
        failures.append(f"handler import {import_s:.2f} s > {MAX_IMPORT_S} s")
    if zip_bytes > MAX_ZIP_BYTES:
        failures.append(f"zip {zip_bytes:,} bytes > {MAX_ZIP_BYTES:,}")
    return finish(rows, args.json, failures)


if __name__ == "__main__":
    raise SystemExit(main())
