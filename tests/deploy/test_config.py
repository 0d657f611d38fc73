"""The deployment configuration: the example is valid; each mistake is named by its field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgbackup.deploy.config import AirGappedVault, load_config, parse_config
from orgbackup.deploy.errors import ConfigError, ConfigIssue
from tests.deploy.conftest import EXAMPLE_CONFIG


def _example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    return data


def _with(path: str, value: object) -> dict[str, Any]:
    data = copy.deepcopy(_example())
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[part]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return data


_DELETE = object()


def test_example_config_is_valid() -> None:
    config = load_config(EXAMPLE_CONFIG)

    assert config.home.account == "222222222222"
    assert config.artifact_regions == ("eu-west-1", "eu-central-1")
    assert (
        config.artifact_bucket("eu-central-1") == "org-backup-artifacts-222222222222-eu-central-1"
    )
    assert config.central_vault_arn == (
        "arn:aws:backup:eu-central-1:333333333333:backup-vault:org-backup-central-vault"
    )
    assert config.iam_region == "eu-west-1"
    assert config.source.provider == "CodeConnections"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "home.account",
            "12345",
            ConfigIssue(
                "$.home.account", "'12345' is not a 12-digit account id, e.g. \"111122223333\""
            ),
        ),
        (
            "home.account",
            222222222222,
            ConfigIssue(
                "$.home.account",
                '222222222222 must be a quoted 12-digit string (e.g. "012345678901")',
            ),
        ),
        ("central", _DELETE, ConfigIssue("$.central", "is required")),
        ("central.ou", _DELETE, ConfigIssue("$.central.ou", "is required")),
        ("target_regions", [], ConfigIssue("$.target_regions", "must not be empty")),
        (
            "target_regions",
            ["eu-west-1", "eu-west-1"],
            ConfigIssue("$.target_regions", "lists the same entry twice"),
        ),
        (
            "organization.target_ous",
            ["ou-bad"],
            ConfigIssue(
                "$.organization.target_ous[0]",
                "'ou-bad' is not a root id (r-...) or an OU id (ou-...-...), "
                'e.g. "ou-ab12-cd34ef56"',
            ),
        ),
        ("colour", "blue", ConfigIssue("$.colour", "unknown field")),
        (
            "source.provider",
            "GitHubV1",
            ConfigIssue(
                "$.source.provider",
                "'GitHubV1' is not one of ['CodeCommit', 'CodeConnections', 'S3']",
            ),
        ),
        (
            "central.account",
            "111111111111",
            ConfigIssue(
                "$.central.account",
                "must not be the management account: the central vault belongs in an isolated "
                "account",
            ),
        ),
        (
            "pipeline.manual_approval",
            "yes",
            ConfigIssue("$.pipeline.manual_approval", "'yes' is not of type 'boolean'"),
        ),
    ],
)
def test_each_mistake_names_its_field(path: str, value: object, expected: ConfigIssue) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(_with(path, value))

    assert raised.value.issues == [expected]


def test_source_settings_must_match_the_provider() -> None:
    data = _with("source", {"provider": "S3", "repository": "a/b"})

    with pytest.raises(ConfigError) as raised:
        parse_config(data)

    assert raised.value.issues == [
        ConfigIssue("$.source.bucket", "is required when provider is S3"),
        ConfigIssue("$.source.object_key", "is required when provider is S3"),
        ConfigIssue("$.source.repository", "is used only by provider CodeConnections, not S3"),
    ]


def test_every_issue_is_reported_at_once() -> None:
    data = _with("home", {"account": "1", "region": "mars"})

    with pytest.raises(ConfigError) as raised:
        parse_config(data)

    assert [issue.path for issue in raised.value.issues] == ["$.home.account", "$.home.region"]
    assert "2 configuration issue(s)" in str(raised.value)


def test_codecommit_and_s3_sources_are_accepted() -> None:
    codecommit = parse_config(
        _with("source", {"provider": "CodeCommit", "codecommit_repository": "r", "branch": "b"})
    )
    s3 = parse_config(
        _with("source", {"provider": "S3", "bucket": "src-bkt", "object_key": "a.zip"})
    )

    assert codecommit.source.codecommit_repository == "r"
    assert s3.source.object_key == "a.zip"


@pytest.mark.parametrize(
    ("text", "message"),
    [("version: [1\n", "not valid YAML"), ("- a list\n", "is not of type 'object'")],
)
def test_unreadable_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text)

    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "absent.yaml")


def test_the_air_gapped_vault_is_optional_and_has_its_regions() -> None:
    data = _with("central.air_gapped_vault", {"name": "org-backup-lag", "regions": ["eu-west-1"]})

    config = parse_config(data)

    assert load_config(EXAMPLE_CONFIG).air_gapped_vault is None
    assert config.air_gapped_vault == AirGappedVault("org-backup-lag", ("eu-west-1",))


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "home.region",
            "eu-west",
            ConfigIssue("$.home.region", "'eu-west' is not an AWS Region"),
        ),
        (
            "target_regions",
            ["eu-west-1", "cn-north-1"],
            ConfigIssue(
                "$.target_regions[1]", "cn-north-1 is in partition aws-cn; only aws is supported"
            ),
        ),
        (
            "central.air_gapped_vault",
            {"name": "lag", "regions": ["us-gov-west-1"]},
            ConfigIssue(
                "$.central.air_gapped_vault.regions[0]",
                "us-gov-west-1 is in partition aws-us-gov; only aws is supported",
            ),
        ),
        (
            "parameters",
            {"stacksets": {"AirGappedRegions": "ca-west-1"}},
            ConfigIssue(
                "$.parameters.stacksets.AirGappedRegions",
                "is set by $.central.air_gapped_vault.regions, where the Region check covers it",
            ),
        ),
        (
            "home.region",
            "mx-central-1",
            ConfigIssue(
                "$.home.region",
                "mx-central-1 cannot take pipeline/pipeline.yaml: resource type "
                "AWS::CodeBuild::Project (ValidateProject, TestProject, PackageProject, "
                "PublishProject) does not exist in mx-central-1 (cfn-lint 1.58.0 Region schemas)",
            ),
        ),
    ],
)
def test_each_region_mistake_names_its_field(
    path: str, value: object, expected: ConfigIssue
) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(_with(path, value))

    # The example's optional audit templates have their own Region check (test_config_audit.py).
    issues = [i for i in raised.value.issues if "templates/audit-" not in i.message]
    assert issues == [expected]
