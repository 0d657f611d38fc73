"""``backup-policy diff`` against the emulator as a loopback server (``emulator_endpoint``),
reached through ``--endpoint-url``: policies to create, content and description changes (a
JSON diff), targets to attach and detach, policies the file does not name (never proposed for
deletion); only read-only calls (counted with a botocore hook), and the organization is left
exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from backup_org_policy_manager.policy import render
from orgbackup.cli.org_file import load_org
from tests.cli.calls import assert_read_only, count_organizations_calls
from tests.cli.conftest import CENTRAL_VAULT, EXAMPLES, Run
from tests.cli.emulated_org import build_org, create_policy, deploy_examples

POLICIES = EXAMPLES / "policies"
VARIABLES = f"variables: {{CentralVaultArn: '{CENTRAL_VAULT}'}}"


def _rendered(name: str, **variables: str) -> str:
    return render((POLICIES / name).read_text(), variables=variables or None)


def _snapshot(client: Any) -> list[tuple[str, str, str, list[str]]]:
    """Every backup policy with its content, description and targets."""
    state = []
    for page in client.get_paginator("list_policies").paginate(Filter="BACKUP_POLICY"):
        for summary in page["Policies"]:
            policy = client.describe_policy(PolicyId=summary["Id"])["Policy"]
            targets = [
                t["TargetId"]
                for p in client.get_paginator("list_targets_for_policy").paginate(
                    PolicyId=summary["Id"]
                )
                for t in p["Targets"]
            ]
            state.append((summary["Name"], policy["Content"], summary["Description"], targets))
    return sorted(state)


@pytest.fixture
def org(emulator_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, dict[str, str]]:
    """An organization where each kind of change is present, and no AWS_ENDPOINT_URL left,
    so only --endpoint-url can lead the CLI to it."""
    client = boto3.client("organizations", endpoint_url=emulator_endpoint)
    ids = build_org(client, load_org(EXAMPLES / "org.yaml"))
    vault = {"${CentralVaultArn}": CENTRAL_VAULT}
    daily = _rendered("org-daily.json", **vault)
    regions = json.loads(daily)
    for plan in regions["plans"].values():
        plan["regions"] = {"@@assign": ["us-east-1", "eu-west-1"]}
    create_policy(client, "org-daily-35", json.dumps(regions), [ids["Root"]], "in sync")
    stale = _rendered("prod-monthly.json", **vault).replace('"366"', '"365"')
    create_policy(client, "prod-monthly-366", stale, [ids["Root/Workloads/Prod"]], "old words")
    weekly = _rendered("sandbox-weekly.json")
    create_policy(client, "sandbox-weekly", weekly, [ids["Root/Workloads/Dev"]])
    create_policy(client, "legacy-hourly", weekly, [ids["Root/Security"], ids["Root"]])
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    return client, ids


def _attach_file(tmp_path: Path) -> Path:
    attach = tmp_path / "attach.yaml"
    attach.write_text(
        "policies:\n"
        f"  - {{name: org-daily-35, description: in sync, file: {POLICIES / 'org-daily.json'},"
        f" {VARIABLES}, regions: 'us-east-1,eu-west-1', targets: [Root]}}\n"
        f"  - {{name: prod-monthly-366, description: new words,"
        f" file: {POLICIES / 'prod-monthly.json'}, {VARIABLES}, targets: [Root/Workloads/Prod]}}\n"
        f"  - {{name: sandbox-weekly, file: {POLICIES / 'sandbox-weekly.json'},"
        " targets: [Root/Sandbox]}\n"
        f"  - {{name: dev-short-retention, file: {POLICIES / 'dev-short-retention.json'},"
        " targets: [Root/Workloads/Dev, Root/Workloads/Prod]}\n"
    )
    return attach


def test_json_lists_every_kind_of_change(
    org: tuple[Any, dict[str, str]],
    emulator_endpoint: str,
    cli: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, ids = org
    before = _snapshot(client)
    calls = count_organizations_calls(monkeypatch)

    result = cli(
        "diff",
        "--attachments",
        _attach_file(tmp_path),
        "--endpoint-url",
        emulator_endpoint,
        "--json",
    )

    assert result.code == 1, result.err
    assert_read_only(calls)
    assert _snapshot(client) == before
    changes = json.loads(result.out)
    assert changes["changed"] is True
    assert changes["issues"] == []
    by_name = {p["name"]: p for p in changes["policies"]}
    daily, monthly, weekly, dev = (
        by_name[n]
        for n in ("org-daily-35", "prod-monthly-366", "sandbox-weekly", "dev-short-retention")
    )
    assert (daily["action"], daily["content_diff"], daily["attach"], daily["detach"]) == (
        "unchanged",
        [],
        [],
        [],
    )
    assert monthly["action"] == "update"
    assert monthly["description"] == ["old words", "new words"]
    head, body = monthly["content_diff"][:2], monthly["content_diff"][2:]
    assert head == [
        "--- prod-monthly-366 (in the organization)",
        "+++ prod-monthly-366 (rendered from prod-monthly.json)",
    ]
    changed = [line[0] + line[1:].strip() for line in body if line[:1] in "+-"]
    assert sorted(changed) == sorted(['+"@@assign": "366"', '-"@@assign": "365"'] * 2)
    assert weekly["action"] == "unchanged"
    assert weekly["attach"] == [{"path": "Root/Sandbox", "id": ids["Root/Sandbox"]}]
    assert weekly["detach"] == [{"path": "Root/Workloads/Dev", "id": ids["Root/Workloads/Dev"]}]
    assert dev["action"] == "create"
    assert dev["id"] is None
    assert [t["path"] for t in dev["attach"]] == ["Root/Workloads/Dev", "Root/Workloads/Prod"]
    assert [(p["name"], sorted(p["targets"])) for p in changes["unmanaged"]] == [
        ("legacy-hourly", sorted([ids["Root/Security"], ids["Root"]]))
    ]


def test_text_reads_as_a_change_list(
    org: tuple[Any, dict[str, str]], emulator_endpoint: str, cli: Run, tmp_path: Path
) -> None:
    _, ids = org

    result = cli(
        "diff", "--attachments", _attach_file(tmp_path), "--endpoint-url", emulator_endpoint
    )

    assert result.code == 1
    lines = result.out.splitlines()
    assert any(line.startswith("unchanged org-daily-35 (p-") for line in lines)
    assert any(line.startswith("update    prod-monthly-366 (p-") for line in lines)
    assert "    description: 'old words' -> 'new words'" in lines
    assert any(line.startswith("retarget  sandbox-weekly (p-") for line in lines)
    assert f"    + attach Root/Sandbox ({ids['Root/Sandbox']})" in lines
    assert f"    - detach Root/Workloads/Dev ({ids['Root/Workloads/Dev']})" in lines
    assert "create    dev-short-retention" in lines
    assert "In the organization, not in the ATTACH file (left alone)" in lines
    assert lines[-1] == (
        "1 to create, 1 to update, 3 attachment(s) to add, 1 to remove;"
        " 1 policy(ies) not in the ATTACH file"
    )
    assert not any(line.lower().startswith("delete") for line in lines)


def test_an_organization_that_matches_exits_0(
    emulator_endpoint: str, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deploy_examples(boto3.client("organizations"))
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    calls = count_organizations_calls(monkeypatch)
    attach = EXAMPLES / "attachments.yaml"
    # The example ATTACH targets Dev by the example's own id, which the emulator does not have;
    # a copy names it by path instead (and points at the example policies from elsewhere).
    copy = tmp_path / "attachments.yaml"
    copy.write_text(
        attach.read_text()
        .replace("ou-ex12-dev00001", "Root/Workloads/Dev")
        .replace("file: policies/", f"file: {POLICIES}/")
    )

    unknown = cli("diff", "--attachments", attach, "--endpoint-url", emulator_endpoint)
    result = cli("diff", "--attachments", copy, "--endpoint-url", emulator_endpoint, "--json")

    assert unknown.code == 2
    assert "policies[2].targets[0]: no node has the path or id 'ou-ex12-dev00001'" in unknown.err
    assert result.code == 0, result.out
    changes = json.loads(result.out)
    assert changes["changed"] is False
    assert {p["action"] for p in changes["policies"]} == {"unchanged"}
    assert changes["unmanaged"] == []
    assert_read_only(calls)


def test_policy_issues_fail_the_diff_and_skip_that_policy(
    org: tuple[Any, dict[str, str]], emulator_endpoint: str, cli: Run, tmp_path: Path
) -> None:
    attach = tmp_path / "attach.yaml"
    attach.write_text(
        f"policies:\n  - {{name: prod-monthly-366, file: {POLICIES / 'prod-monthly.json'},"
        " targets: [Root/Workloads/Prod]}\n"
    )

    result = cli("diff", "--attachments", attach, "--endpoint-url", emulator_endpoint, "--json")
    text = cli("diff", "--attachments", attach, "--endpoint-url", emulator_endpoint)

    assert result.code == text.code == 1
    assert text.out.startswith("Policy issues (2): not rendered, or refused by AWS\n")
    assert text.out.splitlines()[1].split()[:3] == [
        "prod-monthly-366",
        '$.plans["Monthly-366"].rules.Monthly.copy_actions["${CentralVaultArn}"]',
        "P109",
    ]
    changes = json.loads(result.out)
    assert changes["policies"] == []
    assert {(i["policy"], i["code"]) for i in changes["issues"]} == {("prod-monthly-366", "P109")}
    assert {p["name"] for p in changes["unmanaged"]} == {
        "org-daily-35",
        "prod-monthly-366",
        "sandbox-weekly",
        "legacy-hourly",
    }


def test_an_unreachable_endpoint_is_a_clear_error(cli: Run, tmp_path: Path) -> None:
    attach = tmp_path / "attach.yaml"
    attach.write_text(
        f"policies:\n  - {{name: w, file: {POLICIES / 'sandbox-weekly.json'}, targets: [Root]}}\n"
    )

    result = cli("diff", "--attachments", attach, "--endpoint-url", "http://127.0.0.1:9")

    assert result.code == 2
    assert "backup-policy: error: cannot reach Organizations" in result.err
