"""A second policy file targeted at one OU deploys, through the pipeline's Deploy stage in the
rehearsal, to that OU only: accounts there have its plan in their effective policy, accounts in
the other target OU do not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.rehearsal.test_rehearsal import EXAMPLE, dist, rehearse, root

__all__ = ["dist", "root"]  # the fixtures this module borrows

pytestmark = pytest.mark.slow  # builds the zips with pip, then deploys every stack

FIRST_OU, SECOND_OU = "ou-ab12-11111111", "ou-ab12-22222222"


def _account_line(lines: list[str], account: str) -> str:
    (line,) = [line for line in lines if f" {account} (" in line]
    return line


def test_a_policy_targeted_at_one_ou_reaches_only_its_accounts(root: Path, dist: Path) -> None:
    daily = json.loads((root / "policies" / "daily.json").read_text())
    daily["plans"]["org-backup-weekly"] = daily["plans"].pop("org-backup-daily")
    (root / "policies" / "weekly.json").write_text(json.dumps(daily))
    data = yaml.safe_load(EXAMPLE.read_text())
    assert data["organization"]["target_ous"] == [FIRST_OU, SECOND_OU]
    data["policies"] = [
        {"file": f"policies/{name}.json"}
        for name in ("daily", "monthly", "long-retention", "data-classification")
    ] + [{"file": "policies/weekly.json", "targets": [SECOND_OU]}]
    config = root / "deploy" / "config.yaml"
    config.write_text(yaml.safe_dump(data))

    code, printed, report = rehearse(root, dist, config)

    assert code == 0, printed
    check_weekly_reached_only_the_second_ou(report, root / "out" / "deploy")


def check_weekly_reached_only_the_second_ou(report: dict[str, Any], out: Path) -> None:
    """From the report's organization tree (each account's effective plans, read with
    DescribeEffectivePolicy) and the generated template."""
    trees = [d for step in report["steps"] for d in step["drawings"] if "joined-later" in str(d)]
    tree = trees[0]
    first, second = _account_line(tree, "workload-1"), _account_line(tree, "workload-2")
    assert "org-backup-weekly (complete)" in second
    assert "org-backup-daily (complete)" in second
    assert "org-backup-daily (complete)" in first
    assert "org-backup-weekly" not in first
    assert "org-backup-weekly" not in _account_line(tree, "joined-later")  # it joined FIRST_OU
    ids = {
        row["configured"]: row["emulated"]
        for step in report["steps"]
        for table in step["tables"]
        if table["title"].startswith("ids ")
        for row in table["rows"]
    }
    generated = yaml.safe_load((out / "org-policies.yaml").read_text())
    weekly = generated["Resources"]["WeeklyPolicy"]["Properties"]
    assert weekly["PolicyTargets"] == [ids[SECOND_OU]]
