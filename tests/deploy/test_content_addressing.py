"""Package keys follow the code, and a docs-only change leaves every deploy parameter as it was."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from orgbackup.deploy.artifacts import Artifact, minified_policy, policy_artifacts
from orgbackup.deploy.config import AirGappedVault, DeploymentConfig
from orgbackup.deploy.errors import DeployError
from orgbackup.deploy.publish import collect_artifacts, write_configurations
from orgbackup.deploy.template_configs import policy_key_parameter
from tests.deploy.conftest import Packager

PIPELINE_STACKS = ["stacksets", "org-policies"]


def _publish(config: DeploymentConfig, repo: Path, out: Path) -> dict[str, bytes]:
    artifacts = collect_artifacts(repo, repo / "dist", repo / "policies", require_dist=True)
    written = write_configurations(config, artifacts, PIPELINE_STACKS, repo, out)
    return {path.name: path.read_bytes() for path in written}


def _keys(repo: Path) -> dict[str, str]:
    artifacts = collect_artifacts(repo, repo / "dist", repo / "policies", require_dist=True)
    return {artifact.name: artifact.key for artifact in artifacts}


def test_same_code_gives_the_same_keys(repo: Path, package: Packager) -> None:
    package()
    first = _keys(repo)
    package()

    assert _keys(repo) == first
    assert first["tag_on_restore"].startswith("lambda/tag_on_restore-")
    assert first["daily"].startswith("policies/daily-")
    assert first["member-account"].startswith("templates/member-account-")


def test_changed_lambda_code_changes_only_its_key(repo: Path, package: Packager) -> None:
    package()
    before = _keys(repo)
    app = repo / "functions" / "tag_on_restore" / "app.py"
    app.write_text(app.read_text() + "\n# a real code change\n")
    package()
    after = _keys(repo)

    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"tag_on_restore"}


def test_docs_only_change_leaves_all_deploy_parameters_unchanged(
    repo: Path, package: Packager, config: DeploymentConfig, tmp_path: Path
) -> None:
    package()
    before = _publish(config, repo, tmp_path / "before")
    (repo / "docs" / "deployment.md").write_text("# Deploying\n\nA clearer sentence.\n")
    (repo / "README.md").write_text("New README\n")
    package()
    after = _publish(config, repo, tmp_path / "after")

    assert sorted(before) == ["org-policies.json", "org-policies.yaml", "stacksets.json"]
    assert after == before


def test_code_change_reaches_only_the_stack_that_runs_it(
    repo: Path, package: Packager, config: DeploymentConfig, tmp_path: Path
) -> None:
    package()
    before = _publish(config, repo, tmp_path / "before")
    manager = repo / "functions" / "backup_org_policy_manager" / "app.py"
    manager.write_text(manager.read_text() + "\n# changed\n")
    package()
    after = _publish(config, repo, tmp_path / "after")

    old = json.loads(before["org-policies.json"])["Parameters"]
    new = json.loads(after["org-policies.json"])["Parameters"]
    assert {name for name in old if old[name] != new[name]} == {"PolicyManagerCodeKey"}
    assert after["stacksets.json"] == before["stacksets.json"]


def test_policy_layout_edits_keep_the_key_and_content_edits_change_it(repo: Path) -> None:
    policy = repo / "policies" / "daily.json"
    document = json.loads(policy.read_text())
    key = policy_artifacts(repo / "policies")[0].key

    policy.write_text(json.dumps(document, indent=8))
    assert policy_artifacts(repo / "policies")[0].key == key

    document["plans"]["extra"] = {}
    policy.write_text(json.dumps(document))
    assert policy_artifacts(repo / "policies")[0].key != key


def test_the_template_configuration_carries_no_commit_or_time(
    repo: Path, package: Packager, config: DeploymentConfig, tmp_path: Path
) -> None:
    package()
    written = _publish(config, repo, tmp_path)
    document = json.loads(written["org-policies.json"])
    template = yaml.safe_load(written["org-policies.yaml"])

    assert document["Tags"] == {"Deployment": "org-backup", "Solution": "org-backup-as-code"}
    daily = template["Resources"]["DailyPolicy"]["Properties"]
    assert daily["PolicyContent"]["S3"]["Key"].startswith("policies/daily-")
    assert daily["PolicyTargets"] == ["ou-ab12-11111111", "ou-ab12-22222222"]
    assert set(document["Parameters"]) <= set(template["Parameters"])


@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ("daily", "DailyPolicyKey"),
        ("long-retention", "LongRetentionPolicyKey"),
        ("data_classification", "DataClassificationPolicyKey"),
    ],
)
def test_policy_key_parameter_names(name: str, parameter: str) -> None:
    assert policy_key_parameter(name) == parameter


def test_a_stale_manifest_is_refused(repo: Path, package: Packager) -> None:
    dist = package()
    zip_path = next(dist.glob("tag_on_restore-*.zip"))
    zip_path.write_bytes(zip_path.read_bytes() + b"tampered")

    with pytest.raises(DeployError, match="do not match the sha256"):
        collect_artifacts(repo, dist, repo / "policies", require_dist=True)


def test_unpackaged_builds_are_refused_when_uploading(repo: Path) -> None:
    with pytest.raises(DeployError, match="run `make package` first"):
        collect_artifacts(repo, repo / "dist", repo / "policies", require_dist=True)


def test_a_missing_code_key_names_the_parameter(
    repo: Path, config: DeploymentConfig, tmp_path: Path
) -> None:
    artifacts: list[Artifact] = collect_artifacts(
        repo, repo / "dist", repo / "policies", require_dist=False
    )

    with pytest.raises(DeployError, match=r"stacksets.yaml needs RegionSettingsCodeKey"):
        write_configurations(config, artifacts, ["stacksets"], repo, tmp_path)


def test_duplicate_keys_in_a_policy_are_refused(tmp_path: Path) -> None:
    policy = tmp_path / "bad.json"
    policy.write_text('{"plans": {}, "plans": {}}')

    with pytest.raises(DeployError, match="duplicate key"):
        minified_policy(policy)


def test_the_air_gapped_vault_reaches_its_stackset_only_when_configured(
    repo: Path, package: Packager, config: DeploymentConfig, tmp_path: Path
) -> None:
    package()
    without = json.loads(_publish(config, repo, tmp_path / "without")["stacksets.json"])
    configured = dataclasses.replace(
        config, air_gapped_vault=AirGappedVault("org-backup-lag", ("eu-west-1", "eu-central-1"))
    )
    with_vault = json.loads(_publish(configured, repo, tmp_path / "with")["stacksets.json"])

    body_url = without["Parameters"]["AirGappedTemplateUrl"]
    assert "/templates/central-air-gapped-vault-" in body_url
    assert "AirGappedVaultName" not in without["Parameters"]  # empty: the StackSet is not created
    assert without["Parameters"]["AirGappedRegions"] == "eu-central-1"
    assert with_vault["Parameters"]["AirGappedVaultName"] == "org-backup-lag"
    assert with_vault["Parameters"]["AirGappedRegions"] == "eu-west-1,eu-central-1"
