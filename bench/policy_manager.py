"""How many Organizations calls and how much time does BackupOrgPolicyManager need?

Runs create, update_content, update_targets (+10 %, then -10 %) and delete through
``lifecycle`` and the real Organizations edge on the in-process emulator, for 1-200 targets,
with no faults and with 20 % of Organizations writes failing (ConcurrentModificationException).
Calls are counted with a botocore ``before-call`` hook (botocore retries are off, so each
attempt is one call). The backoff sleeper is injected: it records what the retry helper asked
for (``backoff_s``) without sleeping, so wall time measures our work and the emulator's.
Also reports the handler's import time (fresh interpreter) and its zip size (orgbackup.package).

Budgets: update_content at 100 targets <= 5 calls; create at 200 targets < 10 s; no backoff
without a fault; handler import < 1.5 s; zip < 10 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from moto import mock_aws

from backup_org_policy_manager import lifecycle
from backup_org_policy_manager.organizations import Organizations
from backup_org_policy_manager.ports import PolicyRef
from backup_org_policy_manager.request import Owner, PolicyRequest
from backup_org_policy_manager.retry import Retrier
from bench._offline import offline_aws_environment
from bench._report import finish, parser
from orgbackup import package
from rehearsal.emulator import register
from rehearsal.emulator.faults import ORGANIZATIONS_WRITES, Fault, injected

ROOT = Path(__file__).resolve().parent.parent
TARGET_COUNTS = (1, 10, 50, 100, 200)
FAULT_RATES = (0.0, 0.2)
OWNER = Owner("arn:aws:cloudformation:us-east-1:123456789012:stack/bench/1", "Policy")
POLICY = (
    '{"plans":{"Daily":{"regions":{"@@assign":["us-east-1"]},"rules":{"Daily":{'
    '"schedule_expression":{"@@assign":"cron(0 5 ? * * *)"},'
    '"target_backup_vault_name":{"@@assign":"Vault"},'
    '"lifecycle":{"delete_after_days":{"@@assign":"DAYS"}}}},'
    '"selections":{"tags":{"daily":{"iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/R"},'
    '"tag_key":{"@@assign":"backup"},"tag_value":{"@@assign":["daily"]}}}}}}}'
)
MAX_UPDATE_CONTENT_CALLS = 5
MAX_CREATE_200_S = 10.0
MAX_IMPORT_S = 1.5
MAX_ZIP_BYTES = 10_000_000


def _props(targets: list[str], days: int) -> dict[str, object]:
    content = POLICY.replace("DAYS", str(days))
    return {"PolicyName": "bench", "PolicyContent": content, "PolicyTargets": targets}


def _no_s3(location: object) -> str:
    raise AssertionError("the benchmark keeps its policy inline")


class Probe:
    """An Organizations client that counts its calls, and a sleeper that records backoff."""

    def __init__(self) -> None:
        self.calls = 0
        self.backoff_s = 0.0
        self.client = boto3.client(
            "organizations", config=Config(retries={"total_max_attempts": 1})
        )
        self.client.meta.events.register("before-call.organizations", self._count)

    def _count(self, **_: Any) -> None:
        self.calls += 1

    def _sleep(self, seconds: float) -> None:
        self.backoff_s += seconds

    def edge(self) -> Organizations:
        return Organizations(self.client, Retrier(time.monotonic() + 900, sleeper=self._sleep))


def _measure(
    operation: str, targets: int, rate: float, probe: Probe, step: Callable[[Organizations], object]
) -> dict[str, Any]:
    edge = probe.edge()
    calls, backoff = probe.calls, probe.backoff_s
    started = time.perf_counter()
    step(edge)
    return {
        "operation": operation,
        "targets": targets,
        "fault_rate": rate,
        "org_calls": probe.calls - calls,
        "retries": edge.retrier.retries,
        "backoff_s": round(probe.backoff_s - backoff, 3),
        "wall_s": round(time.perf_counter() - started, 3),
        "bytes": 0,
    }


def _request(targets: list[str], days: int) -> PolicyRequest:
    return PolicyRequest.from_properties(_props(targets, days), OWNER)


def _create(targets: list[str], edge: Organizations) -> PolicyRef:
    return lifecycle.create(_request(targets, 35), edge, read_object=_no_s3)


def _update(
    targets: list[str],
    days: int,
    old: list[str],
    old_days: int,
    policy_id: str,
    edge: Organizations,
) -> object:
    old_props = _props(old, old_days)
    return lifecycle.update(_request(targets, days), old_props, policy_id, edge, read_object=_no_s3)


def _row(operation: str, seconds: float = 0.0, size: int = 0) -> dict[str, Any]:
    return {
        "operation": operation,
        "targets": 0,
        "fault_rate": 0.0,
        "org_calls": 0,
        "retries": 0,
        "backoff_s": 0.0,
        "wall_s": round(seconds, 3),
        "bytes": size,
    }


def _lifecycle_rows(targets: int, rate: float) -> list[dict[str, Any]]:
    with mock_aws():
        probe = Probe()
        probe.client.create_organization(FeatureSet="ALL")
        root = probe.client.list_roots()["Roots"][0]["Id"]
        extra = max(1, targets // 10)
        ous = [
            probe.client.create_organizational_unit(ParentId=root, Name=f"ou{i}")[
                "OrganizationalUnit"
            ]["Id"]
            for i in range(targets + extra)
        ]
        base, grown, shrunk = ous[:targets], ous[: targets + extra], ous[extra : targets + extra]
        state: dict[str, PolicyRef] = {}

        def policy_id() -> str:
            return state["ref"].policy_id

        steps: list[tuple[str, Callable[[Organizations], object]]] = [
            ("create", lambda e: state.setdefault("ref", _create(base, e))),
            ("update_content", lambda e: _update(base, 60, base, 35, policy_id(), e)),
            ("update_targets_+10%", lambda e: _update(grown, 60, base, 60, policy_id(), e)),
            ("update_targets_-10%", lambda e: _update(shrunk, 60, grown, 60, policy_id(), e)),
            ("delete", lambda e: lifecycle.delete(policy_id(), OWNER, e)),
        ]
        code = "ConcurrentModificationException"
        faults = [Fault("organizations", ORGANIZATIONS_WRITES, code, rate=rate)] if rate else []
        with injected(*faults, seed=targets):
            rows = [_measure(name, targets, rate, probe, step) for name, step in steps]
        after = probe.client.list_policies(Filter="BACKUP_POLICY")["Policies"]
        assert after == [], "delete left a policy behind"
        return rows


def _import_row() -> dict[str, Any]:
    code = (
        "import time; t = time.perf_counter(); import backup_org_policy_manager.app; "
        "print(time.perf_counter() - t)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "functions"), str(ROOT)])}
    env.update(POWERTOOLS_SERVICE_NAME="bench", POWERTOOLS_METRICS_NAMESPACE="Bench")
    command = [sys.executable, "-c", code]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return _row("import_handler", float(out.stdout.strip().splitlines()[-1]))


def _zip_row() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-zip-") as scratch:
        started = time.perf_counter()
        built = package.build("backup_org_policy_manager", Path(scratch))
        return _row("package_zip", time.perf_counter() - started, built.size)


def _budgets(rows: list[dict[str, Any]]) -> list[str]:
    failures = []
    for row in rows:
        op, n, rate = row["operation"], row["targets"], row["fault_rate"]
        if (
            op == "update_content"
            and n == 100
            and rate == 0
            and row["org_calls"] > MAX_UPDATE_CONTENT_CALLS
        ):
            failures.append(f"update_content at 100 targets made {row['org_calls']} calls")
        if op == "create" and n == 200 and row["wall_s"] >= MAX_CREATE_200_S:
            failures.append(f"create at 200 targets (faults {rate}) took {row['wall_s']} s")
        if rate == 0 and row["backoff_s"] > 0:
            failures.append(f"{op} at {n} targets backed off without any fault")
        if op == "import_handler" and row["wall_s"] >= MAX_IMPORT_S:
            failures.append(f"handler import took {row['wall_s']} s (>= {MAX_IMPORT_S})")
        if op == "package_zip" and row["bytes"] >= MAX_ZIP_BYTES:
            failures.append(f"zip is {row['bytes']} bytes (>= {MAX_ZIP_BYTES})")
    return failures


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    offline_aws_environment()
    register()
    rows = [row for n in TARGET_COUNTS for rate in FAULT_RATES for row in _lifecycle_rows(n, rate)]
    rows += [_import_row(), _zip_row()]
    return finish(rows, args.json, _budgets(rows))


if __name__ == "__main__":
    sys.exit(main())
