"""``--config`` on lint, render, preview and diff: the variables, Regions and targets come from
the deployment configuration, as the deployed custom resources get them; explicit flags win;
a bad configuration or target is a usage error naming the configuration's field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from orgbackup.cli.config_options import REPOSITORY
from orgbackup.deploy.config import DeploymentConfig
from tests.cli.conftest import Run

CONFIG = REPOSITORY / "deploy" / "config.example.yaml"
POLICIES = sorted((REPOSITORY / "policies").glob("*.json"))
CENTRAL_VAULT = "arn:aws:backup:eu-central-1:333333333333:backup-vault:org-backup-central-vault"


def _config(tmp_path: Path, **changes: object) -> Path:
    data = yaml.safe_load(CONFIG.read_text())
    data.update(changes)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_lint_without_files_lints_every_policy_the_configuration_deploys(cli: Run) -> None:
    result = cli("lint", "--config", CONFIG)

    assert result.code == 0, result.err
    assert result.err.startswith(f"{len(POLICIES)} file(s) checked, no issues")


def test_render_takes_variables_and_regions_from_the_configuration(cli: Run) -> None:
    result = cli("render", POLICIES[0], "--config", CONFIG)

    assert result.code == 0, result.err
    document = json.loads(result.out)
    text = json.dumps(document)
    assert CENTRAL_VAULT in text
    assert "org-backup-vault" in text
    for plan in document["plans"].values():
        assert plan["regions"] == {"@@assign": ["eu-west-1", "eu-central-1"]}


def test_explicit_flags_win_over_the_configuration(cli: Run) -> None:
    other = "arn:aws:backup:eu-west-1:444444444444:backup-vault:Other"
    result = cli(
        "render", POLICIES[0], "--config", CONFIG, "--var", f"CentralVaultArn={other}",
        "--regions", "us-east-1",
    )  # fmt: skip

    assert result.code == 0, result.err
    assert other in result.out
    assert CENTRAL_VAULT not in result.out
    for plan in json.loads(result.out)["plans"].values():
        assert plan["regions"] == {"@@assign": ["us-east-1"]}


def test_a_bad_configuration_is_a_usage_error_naming_the_field(cli: Run, tmp_path: Path) -> None:
    result = cli("lint", "--config", _config(tmp_path, target_regions=["eu-west-4"]))

    assert result.code == 2
    assert result.out == ""
    assert "$.target_regions[0]" in result.err


def test_preview_places_the_policies_on_the_configured_targets(cli: Run, tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        yaml.safe_dump(
            {
                "root": {
                    "name": "Root",
                    "id": "r-ab12",
                    "accounts": [{"name": "management", "id": "111111111111"}],
                    "ous": [
                        {"name": "A", "id": "ou-ab12-11111111",
                         "accounts": [{"name": "a", "id": "444444444444"}]},
                        {"name": "B", "id": "ou-ab12-22222222",
                         "accounts": [{"name": "b", "id": "555555555555"}]},
                    ],
                }
            }
        )
    )  # fmt: skip

    result = cli("preview", "--org", org, "--config", CONFIG, "--json")

    assert result.code == 0, result.err
    accounts = json.loads(result.out)["accounts"]
    plans = {a["path"]: set(a["effective"].get("plans", {})) for a in accounts}
    assert plans["Root/management"] == set()
    assert plans["Root/A/a"] == plans["Root/B/b"]
    assert "org-backup-daily" in plans["Root/A/a"]


def test_a_target_missing_from_the_org_file_names_the_configuration_field(
    cli: Run, tmp_path: Path
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("root:\n  name: Root\n  accounts: [{name: m, id: '111111111111'}]\n")

    result = cli("preview", "--org", org, "--config", CONFIG)

    assert result.code == 2
    assert result.err == (
        f"backup-policy: error: {CONFIG}: $.organization.target_ous[0]: no node has the path or"
        " id 'ou-ab12-11111111'\n"
    )


def _two_ous(tmp_path: Path) -> Path:
    org = tmp_path / "org.yaml"
    org.write_text(
        "root:\n  name: Root\n  accounts: [{name: m, id: '111111111111'}]\n  ous:\n"
        "    - {name: A, id: ou-ab12-11111111, accounts: [{name: a, id: '444444444444'}]}\n"
        "    - {name: B, id: ou-ab12-22222222, accounts: [{name: b, id: '555555555555'}]}\n"
    )
    return org


@pytest.mark.skipif(
    "policies" not in DeploymentConfig.__dataclass_fields__,
    reason="the configuration has no per-policy targets (policies:)",
)
def test_per_policy_targets_place_each_file_on_its_own_ous(cli: Run, tmp_path: Path) -> None:
    entries: list[dict[str, object]] = [{"file": f"policies/{file.name}"} for file in POLICIES]
    daily = next(e for e in entries if e["file"] == "policies/daily.json")
    daily["targets"] = ["ou-ab12-22222222"]
    config = _config(tmp_path, policies=entries)
    org = _two_ous(tmp_path)

    result = cli("preview", "--org", org, "--config", config, "--json")

    assert result.code == 0, result.err
    accounts = json.loads(result.out)["accounts"]
    plans = {a["path"]: set(a["effective"].get("plans", {})) for a in accounts}
    assert "org-backup-daily" not in plans["Root/A/a"]
    assert "org-backup-daily" in plans["Root/B/b"]
    assert plans["Root/A/a"] | {"org-backup-daily"} == plans["Root/B/b"]
    daily["targets"] = ["ou-ab12-99999999"]
    missing = cli("preview", "--org", org, "--config", _config(tmp_path, policies=entries))
    index = entries.index(daily)
    assert f"$.policies[{index}].targets[0]: no node has the path or id" in missing.err
    assert missing.code == 2
