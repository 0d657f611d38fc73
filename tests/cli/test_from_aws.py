"""``preview --from-aws`` against the emulator in-process (``aws`` fixture): the tree and the
policies are read with paginated, read-only Organizations calls (counted with a botocore
``before-call`` hook), and each account's effective policy equals the emulator's
``DescribeEffectivePolicy`` and the file-based preview of the same organization."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config

from bench._throttle import VirtualClock, virtual_time
from orgbackup.cli.aws_reader import organizations_client, read
from orgbackup.cli.checked import check_policy, read_policy
from orgbackup.cli.errors import AwsReadError
from orgbackup.cli.org_file import load_org
from orgbackup.cli.orgtree import walk
from rehearsal.emulator.faults import Fault, injected
from tests.cli.calls import assert_read_only, count_organizations_calls
from tests.cli.conftest import EXAMPLES, Run
from tests.cli.emulated_org import build_org, create_policy, deploy_examples

ORG = EXAMPLES / "org.yaml"
ATTACH = EXAMPLES / "attachments.yaml"


def _accounts(result_out: str) -> dict[str, dict[str, Any]]:
    return {a["path"]: a for a in json.loads(result_out)["accounts"]}


def test_effective_policies_match_the_emulator_and_the_files(
    aws: None, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = boto3.client("organizations")
    ids = deploy_examples(client)
    calls = count_organizations_calls(monkeypatch)

    live = cli("preview", "--from-aws", "--json")

    assert live.code == 0, live.err
    assert_read_only(calls)
    accounts = _accounts(live.out)
    from_files = _accounts(cli("preview", "--org", ORG, "--attachments", ATTACH, "--json").out)
    shared = sorted(set(from_files) - {"Root/management"})
    assert shared
    assert set(shared) <= set(accounts)
    for path in shared:
        account_id = ids[path]
        described = client.describe_effective_policy(
            PolicyType="BACKUP_POLICY", TargetId=account_id
        )["EffectivePolicy"]["PolicyContent"]
        # DescribeEffectivePolicy keeps $account (AWS Backup fills it in per account); the CLI
        # shows what the account gets, with its id filled in.
        assert accounts[path]["effective"] == json.loads(
            described.replace("$account", account_id)
        ), path
        assert "$account" in described or "iam_role_arn" not in described
        assert accounts[path]["plans"] == from_files[path]["plans"], path
    blocked = json.loads(live.out)["ignored"]
    assert [(i["node"], i["node_id"], i["policy"]) for i in blocked] == [
        ("Root/Workloads/Dev", ids["Root/Workloads/Dev"], "dev-short-retention")
    ]


def test_the_tree_shows_live_ids_and_attachments(
    aws: None, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = deploy_examples(boto3.client("organizations"))
    calls = count_organizations_calls(monkeypatch)

    result = cli("preview", "--from-aws")

    assert_read_only(calls)
    assert result.code == 0
    assert result.out.splitlines()[0] == f"Root ({ids['Root']})  [org-daily-35]"
    assert f"Dev ({ids['Root/Workloads/Dev']})  [dev-short-retention]" in result.out
    assert "✗ Weekly-14    incomplete: missing selections" in result.out


def test_every_list_is_paginated(aws: None, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """25 accounts under one OU and a policy on each: more than one page (20) of accounts and
    of targets, so a reader that ignored NextToken would miss some."""
    client = boto3.client("organizations")
    ids = build_org(client, load_org(ORG))
    prod = ids["Root/Workloads/Prod"]
    many = []
    for index in range(25):
        created = client.create_account(
            Email=f"a{index}@example.com", AccountName=f"bulk-{index:02d}"
        )
        account_id = created["CreateAccountStatus"]["AccountId"]
        client.move_account(
            AccountId=account_id, SourceParentId=ids["Root"], DestinationParentId=prod
        )
        many.append(account_id)
    content = check_policy(
        read_policy(EXAMPLES / "policies" / "sandbox-weekly.json"), {}, None
    ).content
    assert content is not None
    create_policy(client, "weekly-everywhere", content, many)
    calls = count_organizations_calls(monkeypatch)

    result = cli("preview", "--from-aws", "--json")

    assert_read_only(calls)
    accounts = _accounts(result.out)
    bulk = [a for path, a in accounts.items() if "/bulk-" in path]
    assert len(bulk) == 25
    assert all(a["plans"]["Weekly-14"]["status"] == "incomplete" for a in bulk)
    assert calls["ListTargetsForPolicy"] >= 2
    # One call per parent (root and five OUs), plus at least one more for Prod's second page.
    parents = sum(chain[-1].kind != "account" for chain in walk(load_org(ORG)))
    assert parents == 6
    assert calls["ListAccountsForParent"] >= parents + 1


def test_the_reader_refuses_writes_and_changes_nothing(aws: None) -> None:
    build_org(boto3.client("organizations"), load_org(ORG))
    reader = organizations_client()

    with pytest.raises(AwsReadError, match="refusing CreatePolicy"):
        reader.create_policy(Name="x", Type="BACKUP_POLICY", Content="{}", Description="")

    assert reader.list_policies(Filter="BACKUP_POLICY")["Policies"] == []


def test_no_organization_is_a_clear_error(aws: None, cli: Run) -> None:
    result = cli("preview", "--from-aws")

    assert result.code == 2
    assert "backup-policy: error: ListRoots failed: AWSOrganizationsNotInUseException" in result.err


def test_a_throttling_burst_boto3s_defaults_give_up_on_is_read_through(aws: None) -> None:
    """Organizations answers the first five ListAccountsForParent attempts with
    TooManyRequestsException: boto3's default retries (standard, 3 attempts) abort the read;
    the CLI's client (``orgbackup.aws_clients``: adaptive, 6 attempts) waits it out and reads
    the same organization as without throttling. Backoff and the client's rate limiter wait
    on a virtual clock, so the test does not sleep."""
    deploy_examples(boto3.client("organizations"))
    unthrottled = read(organizations_client())
    burst = Fault(
        "organizations", frozenset({"ListAccountsForParent"}), "TooManyRequestsException", times=5
    )
    retries: Any = {"mode": "standard"}
    clock = VirtualClock()

    with virtual_time(clock), injected(burst) as faults:
        boto3_default = boto3.client("organizations", config=Config(retries=retries))
        with pytest.raises(AwsReadError, match="ListAccountsForParent failed: TooManyRequests"):
            read(boto3_default)
        assert faults.count("organizations") == 3  # given up after three attempts

    with virtual_time(clock), injected(burst) as faults:
        throttled = read(organizations_client())
        assert faults.count("organizations", "ListAccountsForParent") == 5

    assert throttled == unthrottled
    assert clock.now > 0  # the retries waited (virtually) between attempts
