"""The bootstrap command against the emulator on 127.0.0.1: on an emulated organization shaped
like the example configuration it runs the preflight and creates every stack for real; it
refuses a bad configuration, or an organization that lacks a prerequisite, before any stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml

from orgbackup.deploy.bootstrap import main
from orgbackup.deploy.commands import prerequisites
from orgbackup.deploy.config import load_config
from rehearsal.flow.emulated_org import EmulatedOrganization, emulate_organization
from tests.account_sessions import client_as
from tests.deploy.conftest import EXAMPLE_CONFIG, ROOT

HOME = "222222222222"
BOOTSTRAP_STACKS = [
    ("org-backup-management", "management", "eu-west-1"),
    ("org-backup-artifacts", "home", "eu-west-1"),
    ("org-backup-artifacts", "home", "eu-central-1"),
    ("org-backup-pipeline", "home", "eu-west-1"),
    ("org-backup-scp-guardrails", "management", "eu-west-1"),
]


def _client_in(account: str, service: str, region: str) -> Any:
    """A client acting as ``account`` (moto: assumed-role credentials act as that account)."""
    return client_as(account, service, region)


def _home_client(service: str, region: str) -> Any:
    return _client_in(HOME, service, region)


def _run(*extra: str) -> int:
    return main(
        [
            "--config",
            str(EXAMPLE_CONFIG),
            "--root",
            str(ROOT),
            "--poll",
            "1",
            "--skip-preflight",
            *extra,
        ]
    )


@pytest.fixture
def organization(emulator_endpoint: str, tmp_path: Path) -> tuple[EmulatedOrganization, Path]:
    """The example configuration's organization in the emulator, and the rewritten file."""
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    emulated = emulate_organization(
        data, lambda service, region: boto3.client(service, region_name=region)
    )
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(emulated.config))
    return emulated, path


def _bootstrap(path: Path, endpoint: str) -> int:
    return main(["--config", str(path), "--root", str(ROOT), "--poll", "1", "--execute",
                 "--endpoint-url", endpoint])  # fmt: skip


def test_creates_every_stack_for_real_after_the_preflight(
    organization: tuple[EmulatedOrganization, Path],
    emulator_endpoint: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    emulated, path = organization
    assert _bootstrap(path, emulator_endpoint) == 0
    out = capsys.readouterr().out
    assert "16 of 16 prerequisites hold" in out
    assert "would create" not in out
    accounts = {"management": emulated.config["organization"]["management_account"],
                "home": emulated.config["home"]["account"]}  # fmt: skip
    for name, account, region in BOOTSTRAP_STACKS:
        cfn = boto3.client("cloudformation", region_name=region)
        if account != "management":
            cfn = _client_in(accounts[account], "cloudformation", region)
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
        assert stack["StackStatus"] == "CREATE_COMPLETE", (name, region)
        assert stack["EnableTerminationProtection"] is True
    # What the stacks made, read back through the services' own APIs.
    org = boto3.client("organizations", region_name="eu-west-1")
    assert "backup" in org.describe_resource_policy()["ResourcePolicy"]["Content"].lower()
    scps = org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
    guardrail = next(p for p in scps if p["Name"] != "FullAWSAccess")
    targets = {
        t["TargetId"] for t in org.list_targets_for_policy(PolicyId=guardrail["Id"])["Targets"]
    }
    assert set(emulated.config["organization"]["target_ous"]) <= targets
    home = emulated.config["home"]["account"]
    pipelines = _client_in(home, "codepipeline", "eu-west-1").list_pipelines()["pipelines"]
    assert [p["name"] for p in pipelines] == ["org-backup-pipeline-deploy"]
    for region in ("eu-west-1", "eu-central-1"):
        _client_in(home, "s3", region).head_bucket(Bucket=f"org-backup-artifacts-{home}-{region}")


def test_a_second_run_updates_in_place(
    organization: tuple[EmulatedOrganization, Path],
    emulator_endpoint: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, path = organization
    assert _bootstrap(path, emulator_endpoint) == 0
    assert _bootstrap(path, emulator_endpoint) == 0
    out = capsys.readouterr().out.split("summary")[-1]
    assert "created" not in out
    assert out.count("unchanged") + out.count("updated") == len(BOOTSTRAP_STACKS)


def test_without_execute_it_prints_and_changes_nothing(
    emulator_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("--endpoint-url", emulator_endpoint) == 0

    out = capsys.readouterr().out
    assert "aws organizations enable-policy-type --policy-type BACKUP_POLICY" in out
    assert out.count("aws cloudformation deploy") == 5
    assert "Nothing was changed" in out
    assert _home_client("cloudformation", "eu-west-1").describe_stacks()["Stacks"] == []


def test_a_bad_configuration_exits_non_zero_naming_the_field_before_any_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    data["home"]["region"] = "eu-west"
    bad = tmp_path / "config.yaml"
    bad.write_text(yaml.safe_dump(data))

    # Port 9 on the loopback: any AWS call would fail with a connection error, not exit 2.
    code = main(["--config", str(bad), "--execute", "--endpoint-url", "http://127.0.0.1:9"])

    captured = capsys.readouterr()
    assert code == 2
    assert "$.home.region: 'eu-west' is not an AWS Region" in captured.err
    assert "Stacks" not in captured.out


def test_a_missing_template_is_reported_before_any_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--config", str(EXAMPLE_CONFIG), "--root", str(tmp_path), "--execute"])

    assert code == 1
    assert "management-account.yaml cannot be read" in capsys.readouterr().err


def test_preflight_stops_the_bootstrap_before_any_stack(
    emulator_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The example names an organization the emulator does not have.
    code = main(["--config", str(EXAMPLE_CONFIG), "--root", str(ROOT), "--execute",
                 "--endpoint-url", emulator_endpoint])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert "FAIL  organization id: the credentials' account is in no organization" in captured.out
    assert "nothing was created" in captured.err
    assert _home_client("cloudformation", "eu-west-1").describe_stacks()["Stacks"] == []


def test_the_printed_prerequisites_cover_every_region_and_policy_type_preflight_checks() -> None:
    # Preflight checks cross-account backup in the central Region and every target Region, and
    # both policy types on the root; the commands the bootstrap prints must fix all of them.
    config = load_config(EXAMPLE_CONFIG, ROOT)
    commands = [command for _, command in prerequisites(config)]
    for region in {config.central.region, *config.target_regions}:
        assert any(
            "update-global-settings" in c and f"--region {region} " in c for c in commands
        ), region
    for policy_type in ("BACKUP_POLICY", "SERVICE_CONTROL_POLICY"):
        assert any(f"enable-policy-type --policy-type {policy_type} " in c for c in commands)
