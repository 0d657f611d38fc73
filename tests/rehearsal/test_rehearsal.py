"""`make demo`: the rehearsal takes the bootstrap, the pipeline's Deploy stage and StackSet
auto-deployment for real, on the example configuration and on another one, and fails, naming
the cause, when a template or a role would fail in AWS."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgbackup import package
from rehearsal.flow.__main__ import main
from rehearsal.flow.proofs import PROOFS
from rehearsal.flow.run import Options, run

pytestmark = pytest.mark.slow  # builds the zips with pip, then deploys every stack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "config.example.yaml"
# What the pipeline's publish build needs of the repository (it runs `make publish` there).
REPOSITORY_PARTS = ("templates", "pipeline", "policies", "buildspecs", "deploy", "requirements")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    assert package.main(["--dist", str(folder)]) == 0
    return folder


def _ignore(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == "__pycache__"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the repository's deployable parts (so a test may break a template), sharing
    the virtual environment; its stamps stay newer than the copies, so make installs nothing."""
    copy = tmp_path / "repo"
    for part in REPOSITORY_PARTS:
        shutil.copytree(ROOT / part, copy / part)
    for tools in ("orgbackup", "rehearsal"):
        shutil.copytree(ROOT / tools, copy / tools, ignore=_ignore)
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    # Older than every stamp (the toolchain's and the project's), so make rebuilds nothing.
    stamp = min(p.stat().st_mtime for p in (ROOT / ".venv").glob(".*installed*"))
    for path in (copy / "pyproject.toml", *(copy / "requirements").iterdir()):
        os.utime(path, (stamp - 60, stamp - 60))
    return copy


def rehearse(root: Path, dist: Path, config: Path) -> tuple[int, str, dict[str, Any]]:
    stream = io.StringIO()
    out = root / "out"
    code = run(Options(config, root, dist, out), stream)
    return code, stream.getvalue(), json.loads((out / "rehearsal.json").read_text())


def _checks(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [check for step in report["steps"] for check in step["checks"]]


def _table(report: dict[str, Any], title: str) -> list[dict[str, Any]]:
    return [
        r for s in report["steps"] for t in s["tables"] if t["title"] == title for r in t["rows"]
    ]


def test_the_example_configuration_deploys_every_path_and_recovers(root: Path, dist: Path) -> None:
    code, printed, report = rehearse(root, dist, root / "deploy" / "config.example.yaml")

    assert code == 0, printed
    assert report["ok"] is True
    steps = 12 + sum(proof.steps for proof in PROOFS)
    assert [step["ok"] for step in report["steps"]] == [True] * steps
    assert len(_checks(report)) >= 25
    assert {r["stack"] for r in _table(report, "bootstrap stacks")} == {
        "org-backup-management", "org-backup-artifacts", "org-backup-pipeline",
        "org-backup-scp-guardrails",
    }  # fmt: skip
    deployed = {(r["stack"], r["template"]) for r in _table(report, "stacks per template")}
    assert deployed == {
        ("org-backup-monitoring", "SourceOutput::templates/job-monitoring.yaml"),
        ("org-backup-stacksets", "SourceOutput::templates/stacksets.yaml"),
        ("org-backup-org-policies", "DeployConfig::out/deploy/org-policies.yaml"),
        ("org-backup-audit", "SourceOutput::templates/audit-reports.yaml"),
    }
    instances = _table(report, "member instances")
    # 2 workload accounts x 2 Regions, then the account that joined: 2 more.
    assert len(instances) == 6
    assert all(
        re.fullmatch(r"StackSet-org-backup-member-[0-9a-f-]{36}", i["stack"]) for i in instances
    )
    markdown = (root / "out" / "rehearsal.md").read_text()
    assert markdown.startswith(f"# Local rehearsal: passed\n\n{steps}/{steps} steps ok, ")
    assert "joined-later (" in markdown  # the tree with its effective plans


def test_another_configuration_one_ou_one_region_another_name(root: Path, dist: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["name"] = "acme-backup"
    data["organization"]["target_ous"] = ["ou-zz99-44444444"]
    data["target_regions"] = ["eu-central-1"]
    data["artifact_bucket_prefix"] = "acme-artifacts"
    config = root / "deploy" / "config.yaml"
    config.write_text(yaml.safe_dump(data))

    code, printed, report = rehearse(root, dist, config)

    assert code == 0, printed
    instances = _table(report, "member instances")
    assert {i["Region"] for i in instances} == {"eu-central-1"}
    assert len(instances) == 2  # the OU's workload account, then the one that joined
    assert all(i["stack"].startswith("StackSet-org-backup-member-") for i in instances)
    stacks = {r["stack"] for r in _table(report, "stacks per template")}
    assert {"acme-backup-stacksets", "acme-backup-org-policies", "acme-backup-audit"} <= stacks


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path.name} no longer has {old!r}"
    path.write_text(text.replace(old, new, 1))


def _fails_at_the_pipeline_stacks(root: Path, dist: Path) -> str:
    code, printed, report = rehearse(root, dist, root / "deploy" / "config.example.yaml")
    assert code == 1
    assert report["ok"] is False
    assert len(report["steps"]) == 4  # stopped after the failed deploy action
    error = report["steps"][3]["error"]
    assert "stopped: the steps after a failed step depend on it" in printed
    assert isinstance(error, str)
    return error


def test_a_lambda_role_missing_a_permission_its_code_needs_fails_the_deploy(
    root: Path, dist: Path
) -> None:
    _edit(
        root / "templates" / "member-account.yaml",
        "Action: [backup:DescribeRegionSettings, backup:UpdateRegionSettings]",
        "Action: [backup:DescribeRegionSettings]",
    )
    error = _fails_at_the_pipeline_stacks(root, dist)
    assert "BackupRegionSettings" in error
    assert "is not authorized to perform: backup:UpdateRegionSettings" in error


def test_a_template_property_the_emulator_cannot_create_fails_loudly(
    root: Path, dist: Path
) -> None:
    _edit(
        root / "templates" / "org-policies.yaml",
        "\nResources:\n",
        "\nResources:\n  Unmodelled:\n    Type: AWS::SSM::Parameter\n    Properties:\n"
        "      Type: String\n      Value: v\n",
    )
    error = _fails_at_the_pipeline_stacks(root, dist)
    assert "Unmodelled" in error
    assert "AWS::SSM::Parameter" in error


def test_a_name_built_from_the_instance_stack_name_over_its_limit_fails(
    root: Path, dist: Path
) -> None:
    # StackSet-org-backup-member-<36-character uuid> is 63 characters; a function name may be 64.
    _edit(
        root / "templates" / "member-account.yaml",
        "      Description: Gives restored resources the tags of their source",
        '      FunctionName: !Sub "${AWS::StackName}-tag-on-restore"\n'
        "      Description: Gives restored resources the tags of their source",
    )
    error = _fails_at_the_pipeline_stacks(root, dist)
    assert "TagOnRestoreFunction" in error
    assert "expected maxLength: 64" in error


def test_without_packages_it_says_to_run_make_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--dist", str(tmp_path), "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "run `make package` first" in capsys.readouterr().err


def test_a_bad_configuration_is_refused_naming_the_field(
    tmp_path: Path, dist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["target_regions"] = ["eu-west"]
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(data))
    assert main(["--config", str(config), "--dist", str(dist), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {config}: 1 configuration issue(s)\n  $.target_regions[0]")
    assert "usage:" not in err
    assert not (tmp_path / "rehearsal.json").exists()
