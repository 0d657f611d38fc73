"""``python -m orgbackup.deploy.publish``: uploads through the emulator server, writes configs."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from orgbackup.deploy.publish import main
from tests.deploy.conftest import EXAMPLE_CONFIG, Packager

REGIONS = ("eu-west-1", "eu-central-1")


def _bucket(region: str) -> str:
    return f"org-backup-artifacts-222222222222-{region}"


def test_publish_uploads_once_and_writes_the_pipeline_configurations(
    emulator_endpoint: str,
    repo: Path,
    package: Packager,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for region in REGIONS:
        boto3.client("s3", region_name=region).create_bucket(
            Bucket=_bucket(region), CreateBucketConfiguration={"LocationConstraint": region}
        )
    package()
    out = tmp_path / "out"
    arguments = ["--config", str(EXAMPLE_CONFIG), "--root", str(repo), "--out", str(out)]

    assert main([*arguments, "--endpoint-url", emulator_endpoint]) == 0
    first = capsys.readouterr().out
    assert main([*arguments, "--endpoint-url", emulator_endpoint]) == 0
    second = capsys.readouterr().out

    keys = json.loads((out / "artifacts.json").read_text())
    # 5 zips, 4 policies, 6 StackSet bodies, in each of 2 Regions.
    assert len(keys) == 15
    assert f"{len(keys) * 2} uploaded, 0 already present" in first
    assert f"0 uploaded, {len(keys) * 2} already present" in second
    listed = boto3.client("s3", region_name="eu-central-1").list_objects_v2(
        Bucket=_bucket("eu-central-1")
    )
    assert sorted(item["Key"] for item in listed["Contents"]) == sorted(keys)
    assert sorted(path.name for path in out.glob("*.json")) == [
        "artifacts.json",
        "audit.json",
        "monitoring.json",
        "org-policies.json",
        "stacksets.json",
    ]


def test_pipeline_configuration_needs_no_package(tmp_path: Path) -> None:
    code = main(
        [
            "--config",
            str(EXAMPLE_CONFIG),
            "--no-upload",
            "--stack",
            "pipeline",
            "--out",
            str(tmp_path),
        ]
    )

    parameters = json.loads((tmp_path / "pipeline.json").read_text())["Parameters"]
    assert code == 0
    assert parameters["SourceProvider"] == "CodeConnections"
    assert parameters["FullRepositoryId"] == "example-org/org-backup"
    assert "CodeCommitRepositoryName" not in parameters  # empty values are left to defaults


def test_a_bad_configuration_fails_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "config.yaml"
    bad.write_text(EXAMPLE_CONFIG.read_text().replace("name: org-backup", "name: Org_Backup"))

    assert main(["--config", str(bad), "--no-upload", "--out", str(tmp_path / "out")]) == 2
    assert "$.name: 'Org_Backup' is not 3-30 lower-case letters" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
