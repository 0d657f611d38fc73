"""How long does ``backup-policy coverage`` take for N accounts x M resources from an inventory?

A generated inventory (each account with the repository's data-classification and daily
policies as its effective policy, two Regions, resources of five types with a mix of tags that
select, miss or fall out of the plan's Regions) is written as a JSON file; the CLI's ``main``
then reads it and writes the ``--format json`` report (and the text report) to a sink that
encodes what it is given. CPU is ``time.process_time`` around ``main``: loading and checking
the file, evaluating every resource, rolling up, writing.

Budget: at most 100 microseconds of CPU per resource at 100 accounts x 500 resources, in each
format (an organization's full inventory should take seconds, not minutes).
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from backup_org_policy_manager.policy import effective_policy, render
from bench._report import finish, parser
from orgbackup.cli import main as backup_policy

ROOT = Path(__file__).resolve().parent.parent
SIZES = ((10, 100), (100, 100), (100, 500))
BUDGET_SIZE = (100, 500)
MAX_US_PER_RESOURCE = 100.0
VARIABLES = {
    "${MemberVaultName}": "org-backup-vault",
    "${MemberBackupRoleName}": "org-backup-role",
    "${CentralVaultArn}": "arn:aws:backup:us-east-1:222222222222:backup-vault:central",
}
TAGS: tuple[dict[str, str], ...] = (
    {"backup": "daily"},
    {"data-classification": "critical"},
    {"data-classification": "standard", "team": "a"},
    {"team": "b"},
    {},
)
ARNS = (
    "arn:aws:dynamodb:{r}:{a}:table/t{i}",
    "arn:aws:ec2:{r}:{a}:volume/vol-{i:017x}",
    "arn:aws:rds:{r}:{a}:db:db{i}",
    "arn:aws:elasticfilesystem:{r}:{a}:file-system/fs-{i:017x}",
    "arn:aws:s3:::bucket-{a}-{r}-{i}",
)


def _policy() -> dict[str, Any]:
    files = [ROOT / "policies" / n for n in ("data-classification.json", "daily.json")]
    rendered = [render(f.read_text(), variables=VARIABLES) for f in files]
    return effective_policy([rendered]).document


def _inventory(accounts: int, resources: int) -> dict[str, Any]:
    policy = _policy()
    out = []
    for n in range(accounts):
        account = f"{100000000000 + n}"
        regions = []
        for region in ("us-east-1", "eu-west-1"):
            items = [
                {"arn": ARNS[i % 5].format(r=region, a=account, i=i), "tags": TAGS[i % 5 - 1]}
                for i in range(resources // 2)
            ]
            regions.append({"name": region, "resource_type_opt_in": {"S3": False},
                            "resources": items})  # fmt: skip
        out.append({"id": account, "ou": f"Root/OU{n % 7}", "effective_policy": policy,
                    "regions": regions})  # fmt: skip
    return {"accounts": out}


class _Sink(io.TextIOBase):
    def __init__(self) -> None:
        self.bytes = 0

    def write(self, text: str) -> int:
        self.bytes += len(text.encode("utf-8"))
        return len(text)


def _measure(path: Path, fmt: str) -> tuple[float, int]:
    sink = _Sink()
    start = time.process_time()
    with contextlib.redirect_stdout(sink):
        code = backup_policy(["coverage", "--inventory", str(path), "--format", fmt])
    seconds = time.process_time() - start
    if code != 0:
        raise SystemExit(f"coverage exited {code}")
    return seconds, sink.bytes


def main(argv: list[str] | None = None) -> int:
    """Print a table of CPU per resource per size and format; exit 1 when over budget."""
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    rows, failures = [], []
    with tempfile.TemporaryDirectory() as folder:
        for accounts, resources in SIZES:
            path = Path(folder) / f"inventory-{accounts}-{resources}.json"
            path.write_text(json.dumps(_inventory(accounts, resources)))
            total = accounts * (resources // 2) * 2
            for fmt in ("json", "text"):
                seconds, size = _measure(path, fmt)
                per = seconds / total * 1e6
                rows.append({"accounts": accounts, "resources/account": resources,
                             "format": fmt, "cpu s": round(seconds, 3),
                             "us/resource": round(per, 1), "output KB": size // 1024})  # fmt: skip
                if (accounts, resources) == BUDGET_SIZE and per > MAX_US_PER_RESOURCE:
                    failures.append(f"{fmt}: {per:.1f} us per resource > {MAX_US_PER_RESOURCE}")
    return finish(rows, args.json, failures)


if __name__ == "__main__":
    raise SystemExit(main())
