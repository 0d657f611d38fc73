"""``backup-policy preview --org --attachments``: every account's effective policy, an org tree
marking plans complete / incomplete (with what is missing) / absent, the operations a parent's
``@@operators_allowed_for_child_policies`` blocked, ``--json``, ``--account`` and ``--strict``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import EXAMPLES, Run

ORG = EXAMPLES / "org.yaml"
ATTACH = EXAMPLES / "attachments.yaml"
DAILY_DELETE = '$.plans["Daily-35"].rules.Daily.lifecycle.delete_after_days'


def _json(cli: Run, *argv: str | Path) -> dict[str, Any]:
    result = cli("preview", "--org", ORG, "--attachments", ATTACH, "--json", *argv)
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def _account(preview: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in preview["accounts"] if a["name"] == name)
    return found


def test_the_tree_marks_each_accounts_plans(cli: Run) -> None:
    result = cli("preview", "--org", ORG, "--attachments", ATTACH)

    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Root (r-ex12)  [org-daily-35]"
    assert "│   ├── Prod (ou-ex12-prod0001)  [prod-monthly-366]" in lines
    assert "│   └── Dev (ou-ex12-dev00001)  [dev-short-retention]" in lines
    at = lines.index("├── Sandbox  [sandbox-weekly]")
    assert lines[at + 1 : at + 5] == [
        "│   └── experiments (555555555555)",
        "│         ✓ Daily-35     complete",
        "│         · Monthly-366  absent",
        "│         ✗ Weekly-14    incomplete: missing selections",
    ]
    assert "\x1b[" not in result.out  # not a terminal: no colour
    assert lines[-1] == (
        "6 account(s): 5 with every plan complete, 1 with an incomplete plan, 0 with no plan;"
        " 1 ignored operation(s); 0 policy issue(s)"
    )


def test_a_child_ous_blocked_assign_is_listed_and_has_no_effect(cli: Run) -> None:
    text = cli("preview", "--org", ORG, "--attachments", ATTACH).out
    preview = _json(cli)

    assert preview["ignored"] == [
        {
            "node": "Root/Workloads/Dev",
            "node_id": "ou-ex12-dev00001",
            "policy": "dev-short-retention",
            "path": DAILY_DELETE,
            "operator": "@@assign",
            "reason": "a parent policy allows no operators here",
            "accounts": ["444444444444"],
        }
    ]
    dev = _account(preview, "payments-dev")
    assert dev["effective"]["plans"]["Daily-35"]["rules"]["Daily"]["lifecycle"] == {
        "delete_after_days": "35"
    }
    assert dev["attached"] == [
        {"node": "Root", "policies": ["org-daily-35"]},
        {"node": "Root/Workloads/Dev", "policies": ["dev-short-retention"]},
    ]
    row = next(line for line in text.splitlines() if line.startswith("  Root/Workloads/Dev"))
    assert row.split() == [
        "Root/Workloads/Dev",
        "dev-short-retention",
        DAILY_DELETE,
        "@@assign",
        *["a", "parent", "policy", "allows", "no", "operators", "here"],
        "1",
    ]


def test_json_gives_status_and_missing_per_plan_and_account(cli: Run) -> None:
    preview = _json(cli)

    assert preview["plans"] == ["Daily-35", "Monthly-366", "Weekly-14"]
    assert preview["issues"] == []
    statuses = {
        a["name"]: {plan: s["status"] for plan, s in a["plans"].items()}
        for a in preview["accounts"]
    }
    assert statuses["payments-prod"] == {
        "Daily-35": "complete",
        "Monthly-366": "complete",
        "Weekly-14": "absent",
    }
    assert statuses["experiments"]["Weekly-14"] == "incomplete"
    assert _account(preview, "experiments")["plans"]["Weekly-14"]["missing"] == ["selections"]
    prod = _account(preview, "ledger-prod")["effective"]["plans"]["Monthly-366"]
    assert prod["regions"] == ["us-east-1", "eu-west-1"]
    role = prod["selections"]["tags"]["monthly"]["iam_role_arn"]
    assert role == "arn:aws:iam::333333333334:role/AWSBackupSolutionRole"  # $account replaced


def test_account_prints_one_full_effective_document(cli: Run) -> None:
    result = cli("preview", "--org", ORG, "--attachments", ATTACH, "--account", "555555555555")

    assert result.code == 0
    document = json.loads(result.out)
    assert sorted(document["plans"]) == ["Daily-35", "Weekly-14"]
    assert "selections" not in document["plans"]["Weekly-14"]


def test_strict_fails_on_incomplete_plans_and_ignored_operations(cli: Run) -> None:
    whole = cli("preview", "--org", ORG, "--attachments", ATTACH, "--strict")
    sandbox = cli(
        "preview", "--org", ORG, "--attachments", ATTACH, "--strict", "--account", "555555555555"
    )
    prod = cli(
        "preview", "--org", ORG, "--attachments", ATTACH, "--strict", "--account", "333333333333"
    )

    assert (whole.code, sandbox.code, prod.code) == (1, 1, 0)


def _write(folder: Path, name: str, document: dict[str, Any]) -> str:
    (folder / name).write_text(json.dumps(document))
    return name


def test_nested_ous_merge_appends_and_block_assigns(cli: Run, tmp_path: Path) -> None:
    """Root allows only @@append on regions; a grandchild OU's @@assign is skipped, its
    sibling policy's @@append is merged, and an account with nothing attached has no plan."""
    org = tmp_path / "org.yaml"
    org.write_text(
        "root:\n"
        "  accounts: [{name: bare, id: '999999999999'}]\n"
        "  ous:\n"
        "    - name: A\n"
        "      ous:\n"
        "        - name: B\n"
        "          accounts: [{name: leaf, id: '123456789012'}]\n"
    )
    base = json.loads((EXAMPLES / "policies" / "sandbox-weekly.json").read_text())
    plan = base["plans"]["Weekly-14"]
    plan["regions"] = {
        "@@append": ["us-east-1"],
        "@@operators_allowed_for_child_policies": ["@@append"],
    }
    plan["selections"] = {
        "tags": {
            "all": {
                "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/R"},
                "tag_key": {"@@assign": "backup"},
                "tag_value": {"@@assign": ["weekly"]},
            }
        }
    }
    files = {
        "root": _write(tmp_path, "root.json", base),
        "assign": _write(
            tmp_path,
            "assign.json",
            {"plans": {"Weekly-14": {"regions": {"@@assign": ["eu-west-1"]}}}},
        ),
        "append": _write(
            tmp_path,
            "append.json",
            {"plans": {"Weekly-14": {"regions": {"@@append": ["eu-central-1"]}}}},
        ),
    }
    attach = tmp_path / "attach.yaml"
    attach.write_text(
        "policies:\n"
        f"  - {{name: root, file: {files['root']}, targets: [Root/A]}}\n"
        f"  - {{name: assign, file: {files['assign']}, targets: [Root/A/B]}}\n"
        f"  - {{name: append, file: {files['append']}, targets: [Root/A/B/leaf]}}\n"
    )

    result = cli("preview", "--org", org, "--attachments", attach, "--json")

    preview = json.loads(result.out)
    leaf, bare = _account(preview, "leaf"), _account(preview, "bare")
    assert leaf["effective"]["plans"]["Weekly-14"]["regions"] == ["us-east-1", "eu-central-1"]
    assert leaf["plans"]["Weekly-14"] == {"status": "complete", "missing": []}
    assert [(i["node"], i["policy"], i["operator"]) for i in preview["ignored"]] == [
        ("Root/A/B", "assign", "@@assign")
    ]
    assert "only @@append" in preview["ignored"][0]["reason"]
    assert bare["effective"] == {}
    assert bare["plans"]["Weekly-14"]["status"] == "absent"
    text = cli("preview", "--org", org, "--attachments", attach).out
    assert "├── bare (999999999999)" in text or "└── bare (999999999999)" in text


def test_policy_issues_are_shown_and_fail_the_preview(cli: Run, tmp_path: Path) -> None:
    attach = tmp_path / "attach.yaml"
    monthly = EXAMPLES / "policies" / "prod-monthly.json"
    weekly = EXAMPLES / "policies" / "sandbox-weekly.json"
    attach.write_text(
        "policies:\n"
        f"  - {{name: monthly, file: {monthly}, targets: [Root]}}\n"
        f"  - {{name: weekly, file: {weekly}, targets: [Root/Sandbox]}}\n"
    )

    result = cli("preview", "--org", ORG, "--attachments", attach)
    as_json = cli("preview", "--org", ORG, "--attachments", attach, "--json")

    assert result.code == as_json.code == 1
    assert result.out.startswith("Policy issues (2)\n")
    assert "P109" in result.out
    assert "monthly" in result.out.splitlines()[1]
    issues = json.loads(as_json.out)["issues"]
    assert {(i["policy"], i["code"]) for i in issues} == {("monthly", "P109")}
    assert json.loads(as_json.out)["plans"] == ["Weekly-14"]  # the rest is still previewed


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--org", str(ORG)], "needs --org ORG with --attachments ATTACH and/or --config FILE"),
        (["--from-aws", "--org", str(ORG)], "--from-aws reads the organization: leave out --org"),
        (
            ["--org", str(ORG), "--attachments", str(ATTACH), "--account", "000000000000"],
            "no account 000000000000",
        ),
        (
            ["--org", str(ORG), "--attachments", str(ATTACH), "--account", "1", "--json"],
            "not allowed with argument",
        ),
    ],
)
def test_usage_errors_exit_2(cli: Run, argv: list[str], message: str) -> None:
    result = cli("preview", *argv)

    assert result.code == 2
    assert message in result.err


def test_an_unknown_target_is_a_usage_error_naming_the_field(cli: Run, tmp_path: Path) -> None:
    attach = tmp_path / "attach.yaml"
    attach.write_text("policies:\n  - {name: p, file: p.json, targets: [Root/Nowhere]}\n")

    result = cli("preview", "--org", ORG, "--attachments", attach)

    assert result.code == 2
    assert f"{attach}: policies[0].targets[0]: no node has the path or id" in result.err


def test_an_org_without_policies_says_no_plan_applies(cli: Run, tmp_path: Path) -> None:
    attach = tmp_path / "attach.yaml"
    attach.write_text("policies: []\n")

    result = cli("preview", "--org", ORG, "--attachments", attach, "--strict")

    assert result.code == 0
    assert result.out.count("no backup plan applies") == 6
    assert result.out.splitlines()[-1].startswith("6 account(s): 0 with every plan complete,")
