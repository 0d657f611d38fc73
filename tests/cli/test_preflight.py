"""``backup-policy preflight``: against an emulated organization, every prerequisite is read
(never changed), and each missing one is named with the command that fixes it (exit 1)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml

from orgbackup.cli import main
from orgbackup.deploy.preflight import (
    BACKUP_PRINCIPAL,
    STACKSETS_PRINCIPAL,
    ReadOnlyError,
    read_only_clients,
)
from tests.deploy.conftest import EXAMPLE_CONFIG

REGIONS = ("eu-west-1", "eu-central-1")  # the example's target and central Regions


def _ready_organization() -> dict[str, str]:
    """An organization with every prerequisite met; returns the ids a configuration names."""
    org = boto3.client("organizations", region_name="eu-west-1")
    described = org.create_organization(FeatureSet="ALL")["Organization"]
    root = org.list_roots()["Roots"][0]["Id"]
    for policy_type in ("BACKUP_POLICY", "SERVICE_CONTROL_POLICY"):
        org.enable_policy_type(RootId=root, PolicyType=policy_type)
    workloads = org.create_organizational_unit(ParentId=root, Name="Workloads")
    backup_ou = org.create_organizational_unit(ParentId=root, Name="Backup")
    ids = {"org": described["Id"], "management": described["MasterAccountId"], "root": root,
           "workloads": workloads["OrganizationalUnit"]["Id"],
           "backup_ou": backup_ou["OrganizationalUnit"]["Id"]}  # fmt: skip
    for name in ("home", "central"):
        status = org.create_account(Email=f"{name}@example.com", AccountName=name)
        ids[name] = status["CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=ids["central"], SourceParentId=root,
                     DestinationParentId=ids["backup_ou"])  # fmt: skip
    for principal in (STACKSETS_PRINCIPAL, BACKUP_PRINCIPAL):
        org.enable_aws_service_access(ServicePrincipal=principal)
    for principal in (STACKSETS_PRINCIPAL, BACKUP_PRINCIPAL):
        org.register_delegated_administrator(AccountId=ids["home"], ServicePrincipal=principal)
    for region in REGIONS:
        boto3.client("backup", region_name=region).update_global_settings(
            GlobalSettings={"isCrossAccountBackupEnabled": "true"}
        )
    return ids


def _config_file(tmp_path: Path, ids: dict[str, str]) -> Path:
    data: dict[str, Any] = copy.deepcopy(yaml.safe_load(EXAMPLE_CONFIG.read_text()))
    data["organization"].update(id=ids["org"], management_account=ids["management"],
                                target_ous=[ids["workloads"]])  # fmt: skip
    data["home"]["account"] = ids["home"]
    data["central"].update(account=ids["central"], ou=ids["backup_ou"])
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _run(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["preflight", "--config", str(path)])
    return code, capsys.readouterr().out


def test_a_ready_organization_passes_every_check(
    aws: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(_config_file(tmp_path, _ready_organization()), capsys)
    assert code == 0, out
    assert "FAIL" not in out
    assert "15 of 15 prerequisites hold" in out


def _disable_backup_access(ids: dict[str, str]) -> None:
    boto3.client("organizations", region_name="eu-west-1").disable_aws_service_access(
        ServicePrincipal=BACKUP_PRINCIPAL
    )


def _undelegate(ids: dict[str, str]) -> None:
    boto3.client("organizations", region_name="eu-west-1").deregister_delegated_administrator(
        AccountId=ids["home"], ServicePrincipal=STACKSETS_PRINCIPAL
    )


def _no_cross_account_backup(ids: dict[str, str]) -> None:
    boto3.client("backup", region_name="eu-central-1").update_global_settings(
        GlobalSettings={"isCrossAccountBackupEnabled": "false"}
    )


def _central_elsewhere(ids: dict[str, str]) -> None:
    boto3.client("organizations", region_name="eu-west-1").move_account(
        AccountId=ids["central"], SourceParentId=ids["backup_ou"], DestinationParentId=ids["root"]
    )


def _scp_disabled(ids: dict[str, str]) -> None:
    boto3.client("organizations", region_name="eu-west-1").disable_policy_type(
        RootId=ids["root"], PolicyType="SERVICE_CONTROL_POLICY"
    )


@pytest.mark.parametrize(
    ("break_it", "failure", "fix"),
    [
        (_disable_backup_access, f"FAIL  trusted access for {BACKUP_PRINCIPAL}",
         f"aws organizations enable-aws-service-access --service-principal {BACKUP_PRINCIPAL}"),
        (_undelegate, f"FAIL  home account is a delegated administrator for {STACKSETS_PRINCIPAL}",
         "aws organizations register-delegated-administrator --account-id "),
        (_no_cross_account_backup, "FAIL  cross-account backup in eu-central-1",
         "isCrossAccountBackupEnabled=true --region eu-central-1"),
        (_central_elsewhere, "FAIL  central account is in ou-", "aws organizations move-account"),
        (_scp_disabled, "FAIL  SERVICE_CONTROL_POLICY enabled",
         "--policy-type SERVICE_CONTROL_POLICY"),
    ],
    ids=["backup trusted access", "delegated admin", "cross-account backup", "central OU",
         "SCP type"],
)  # fmt: skip
def test_each_missing_prerequisite_is_named_with_its_fix(
    aws: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    break_it: Callable[[dict[str, str]], None],
    failure: str,
    fix: str,
) -> None:
    ids = _ready_organization()
    break_it(ids)
    code, out = _run(_config_file(tmp_path, ids), capsys)
    assert code == 1
    assert out.count("FAIL") == 1, out
    assert failure in out
    assert f"fix: {fix}" in out or fix in out.split(failure, 1)[1].splitlines()[1]
    assert "14 of 15 prerequisites hold" in out


def test_another_organization_stops_at_the_first_check(
    aws: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _ready_organization()
    code, out = _run(_config_file(tmp_path, {**ids, "org": "o-aaaaaaaaaa"}), capsys)
    assert code == 1
    assert "FAIL  organization id: the credentials belong to " + ids["org"] in out
    assert "of 3 prerequisites hold" in out


def test_preflight_clients_refuse_writes(aws: None) -> None:
    clients = read_only_clients(boto3.session.Session())
    with pytest.raises(ReadOnlyError, match="refusing CreateOrganization"):
        clients("organizations", "eu-west-1").create_organization(FeatureSet="ALL")


def test_a_missing_config_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["preflight", "--config", "no/such/config.yaml"])
    assert exit_info.value.code == 2
    assert "cannot read the file" in capsys.readouterr().err
