"""``preview --summary`` (one row per OU) and ``preview --only-problems`` (only the accounts
with an incomplete plan, an ignored operation or an invalid policy on their path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import EXAMPLES, Run

ORG = EXAMPLES / "org.yaml"
ATTACH = EXAMPLES / "attachments.yaml"
VAULT = "{CentralVaultArn: 'arn:aws:backup:us-east-1:222222222222:backup-vault:CentralVault'}"
SUMMARY = (
    "6 account(s): 5 with every plan complete, 1 with an incomplete plan, 0 with no plan;"
    " 1 ignored operation(s); 0 policy issue(s)"
)


def test_summary_rolls_accounts_and_plans_up_per_ou(cli: Run) -> None:
    result = cli("preview", "--org", ORG, "--attachments", ATTACH, "--summary")

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    rows = [line.split("  ") for line in lines[1:7]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    assert lines[0].split() == ["OU", "accounts", "complete", "incomplete", "absent", "problems"]
    assert cells == [
        ["Root (r-ex12)", "6", "8", "1", "9", "2"],
        ["Security (ou-ex12-security1)", "1", "1", "0", "2", "0"],
        ["Workloads (ou-ex12-workload1)", "3", "5", "0", "4", "1"],
        ["Prod (ou-ex12-prod0001)", "2", "4", "0", "2", "0"],
        ["Dev (ou-ex12-dev00001)", "1", "1", "0", "2", "1"],
        ["Sandbox", "1", "1", "1", "1", "1"],
    ]
    assert lines[3].startswith("  Workloads")
    assert lines[4].startswith("    Prod")
    assert "Ignored operations (1)" in lines
    assert lines[-1] == SUMMARY
    assert "payments-prod" not in result.out  # accounts are counted, not listed


def test_only_problems_keeps_the_accounts_that_need_attention(cli: Run) -> None:
    result = cli("preview", "--org", ORG, "--attachments", ATTACH, "--only-problems")

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[:8] == [
        "Root (r-ex12)  [org-daily-35]",
        "├── Workloads (ou-ex12-workload1)",
        "│   └── Dev (ou-ex12-dev00001)  [dev-short-retention]",
        "│       └── payments-dev (444444444444)",
        '│             ! ignored @@assign at $.plans["Daily-35"].rules.Daily.lifecycle'
        ".delete_after_days (dev-short-retention on Root/Workloads/Dev)",
        "└── Sandbox  [sandbox-weekly]",
        "    └── experiments (555555555555)",
        "          ✗ Weekly-14    incomplete: missing selections",
    ]
    assert lines[-2:] == ["2 of 6 account(s) shown", SUMMARY]


def test_only_problems_flags_invalid_policies_on_the_path(cli: Run, tmp_path: Path) -> None:
    monthly = json.loads((EXAMPLES / "policies" / "prod-monthly.json").read_text())
    rule = monthly["plans"]["Monthly-366"]["rules"]["Monthly"]
    rule["start_backup_window_minutes"] = {"@@assign": "30"}  # AWS's minimum is 60
    (tmp_path / "monthly.json").write_text(json.dumps(monthly))
    attach = tmp_path / "attach.yaml"
    attach.write_text(
        "policies:\n"
        "  - {name: monthly, file: monthly.json, targets: [Root/Workloads/Prod],"
        f" regions: [us-east-1], variables: {VAULT}}}\n"
    )

    result = cli("preview", "--org", ORG, "--attachments", attach, "--only-problems")
    summary = cli("preview", "--org", ORG, "--attachments", attach, "--summary")

    assert result.code == summary.code == 1
    assert result.out.startswith("Policy issues (1)\n")
    flagged = [line for line in result.out.splitlines() if "invalid policy" in line]
    assert [line.split()[-1] for line in flagged] == ["monthly", "monthly"]
    assert "2 of 6 account(s) shown" in result.out
    prod = next(line for line in summary.out.splitlines() if line.strip().startswith("Prod"))
    assert prod.split()[-1] == "2"


def test_only_problems_says_so_when_there_is_none(cli: Run, tmp_path: Path) -> None:
    attach = tmp_path / "attach.yaml"
    daily = EXAMPLES / "policies" / "org-daily.json"
    attach.write_text(
        "policies:\n"
        f"  - name: daily\n    file: {daily}\n    targets: [Root]\n"
        f"    regions: [us-east-1]\n    variables: {VAULT}\n"
    )

    result = cli("preview", "--org", ORG, "--attachments", attach, "--only-problems", "--strict")

    assert result.code == 0, result.out
    assert result.out.splitlines()[:3] == [
        "No account has an incomplete plan, an ignored operation or an invalid policy.",
        "",
        "0 of 6 account(s) shown",
    ]


@pytest.mark.parametrize("view", ["--summary", "--only-problems"])
def test_views_fail_under_strict_like_the_tree(cli: Run, view: str) -> None:
    result = cli("preview", "--org", ORG, "--attachments", ATTACH, view, "--strict")

    assert result.code == 1


@pytest.mark.parametrize("other", ["--json", "--account=555555555555", "--only-problems"])
def test_summary_is_one_view_among_the_others(cli: Run, other: str) -> None:
    result = cli("preview", "--org", ORG, "--attachments", ATTACH, "--summary", other)

    assert result.code == 2
    assert "not allowed with argument" in result.err
