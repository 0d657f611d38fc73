"""``preview --from-aws`` with a proposed change (``--attachments`` and/or ``--config``) against
the emulator server: the live organization and its attached policies are read (read-only), the
proposed policies replace the live ones of the same name, and each account whose effective
policy changes is listed with the plans added, removed or changed; AWS is left as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml

from orgbackup.cli.config_options import REPOSITORY
from rehearsal.flow.emulated_org import emulate_organization
from tests.cli.calls import assert_read_only, count_organizations_calls
from tests.cli.conftest import CENTRAL_VAULT, EXAMPLES, Run
from tests.cli.emulated_org import deploy_examples


def _attachments(client: Any) -> dict[str, list[str]]:
    policies = client.list_policies(Filter="BACKUP_POLICY")["Policies"]
    return {
        p["Name"]: sorted(
            t["TargetId"] for t in client.list_targets_for_policy(PolicyId=p["Id"])["Targets"]
        )
        for p in policies
    }


def test_a_retargeted_policy_shows_who_gains_and_who_loses_its_plan(
    emulator_endpoint: str, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = boto3.client("organizations")
    deploy_examples(client)
    before = _attachments(client)
    attach = tmp_path / "attach.yaml"
    attach.write_text(
        yaml.safe_dump(
            {
                "policies": [
                    {
                        "name": "prod-monthly-366",
                        "file": str(EXAMPLES / "policies" / "prod-monthly.json"),
                        "variables": {"CentralVaultArn": CENTRAL_VAULT},
                        "regions": ["us-east-1"],
                        "targets": ["Root/Workloads/Dev"],
                    }
                ]
            }
        )
    )
    calls = count_organizations_calls(monkeypatch)

    result = cli("preview", "--from-aws", "--attachments", attach)

    assert result.code == 0, result.err
    assert_read_only(calls)
    changes = result.out.split("Changes against the live organization\n", 1)[1].splitlines()
    rows = {line.split()[0]: line.split()[-1] for line in changes if line.startswith("  Root/")}
    assert rows == {
        "Root/Workloads/Prod/payments-prod": "-Monthly-366",
        "Root/Workloads/Prod/ledger-prod": "-Monthly-366",
        "Root/Workloads/Dev/payments-dev": "+Monthly-366",
    }
    assert changes[-1].startswith("3 of 7 account(s) change")  # the management account too
    assert _attachments(client) == before


def test_the_policies_a_configuration_deploys_over_the_live_organization(
    emulator_endpoint: str, cli: Run, tmp_path: Path
) -> None:
    data = yaml.safe_load((REPOSITORY / "deploy" / "config.example.yaml").read_text())
    emulated = emulate_organization(data, lambda service, region: boto3.client(service, region))
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(emulated.config))
    client = boto3.client("organizations")
    before = _attachments(client)

    result = cli("preview", "--from-aws", "--config", config, "--summary")

    assert result.code == 0, result.err
    changes = result.out.split("Changes against the live organization\n", 1)[1].splitlines()
    changed = {line.split()[1].strip("()") for line in changes if line.startswith("  Root/")}
    assert changed == set(emulated.workload_accounts.values())
    assert all("+org-backup-daily" in line for line in changes if line.startswith("  Root/"))
    assert _attachments(client) == before
    diff = cli("diff", "--config", config)
    assert diff.code == 1
    assert "4 to create, 0 to update" in diff.out
