"""Choices no one can undo (compliance-mode vault lock, the air-gapped vault) are off by default
and, when chosen, named by deploy-config and the bootstrap before anything is deployed."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgbackup.deploy import bootstrap, publish
from orgbackup.deploy.config import parse_config
from orgbackup.deploy.irreversible import irreversible_choices
from orgbackup.deploy.templates import read_template
from tests.deploy.conftest import EXAMPLE_CONFIG

ROOT = Path(__file__).resolve().parents[2]


def _config(parameters: dict[str, str] | None = None, air_gapped: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(yaml.safe_load(EXAMPLE_CONFIG.read_text()))
    data["parameters"] = {"stacksets": parameters} if parameters else {}
    if air_gapped:
        data["central"]["air_gapped_vault"] = {
            "name": "org-backup-lag",
            "regions": ["eu-central-1"],
        }
    return data


@pytest.mark.parametrize(
    ("template", "parameter"),
    [
        ("templates/stacksets.yaml", "CentralVaultLockMode"),
        ("templates/stacksets.yaml", "MemberVaultLockMode"),
        ("templates/central-backup-account.yaml", "VaultLockMode"),
        ("templates/member-account.yaml", "VaultLockMode"),
    ],
)
def test_no_template_locks_a_vault_irreversibly_by_default(template: str, parameter: str) -> None:
    assert read_template(ROOT / template).parameters[parameter]["Default"] != "compliance"


@pytest.mark.parametrize(
    ("parameters", "air_gapped", "expected"),
    [
        ({}, False, []),
        ({"MemberVaultLockMode": "governance"}, False, []),
        ({"CentralVaultLockMode": "compliance"}, False,
         ["CentralVaultLockMode is compliance: 3 days"]),
        ({"CentralVaultLockMode": "compliance", "VaultLockChangeableForDays": "14"}, False,
         ["CentralVaultLockMode is compliance: 14 days"]),
        ({"MemberVaultLockMode": "compliance"}, False,
         ["MemberVaultLockMode is compliance: 3 days"]),
        ({}, True, ["the air-gapped vault org-backup-lag is locked in compliance mode"]),
    ],
)  # fmt: skip
def test_each_irreversible_choice_is_named(
    parameters: dict[str, str], air_gapped: bool, expected: list[str]
) -> None:
    warnings = irreversible_choices(parse_config(_config(parameters, air_gapped)))
    assert [w[: len(start)] for w, start in zip(warnings, expected, strict=False)] == expected
    assert len(warnings) == len(expected)


def test_deploy_config_and_bootstrap_print_the_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(_config({"CentralVaultLockMode": "compliance"})))
    assert publish.main(["--config", str(path), "--no-upload", "--stack", "pipeline",
                         "--out", str(tmp_path / "out")]) == 0  # fmt: skip
    assert "warning: CentralVaultLockMode is compliance" in capsys.readouterr().err
    assert bootstrap.main(["--config", str(path)]) == 0
    assert "warning: CentralVaultLockMode is compliance" in capsys.readouterr().err
