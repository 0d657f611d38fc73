"""The rehearsal (`make demo`) passes on the real packages and fails loudly on any mismatch."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

from local import package
from local.rehearsal.__main__ import main
from local.rehearsal.run import run
from local.rehearsal.scenario import Scenario

pytestmark = pytest.mark.slow  # builds the zips with pip, then runs the whole flow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    assert package.main(["--dist", str(folder)]) == 0
    return folder


def rehearse(scenario: Scenario, dist: Path, out: Path) -> tuple[int, str, dict[str, object]]:
    stream = io.StringIO()
    code = run(scenario, dist, out, stream)
    return code, stream.getvalue(), json.loads((out / "rehearsal.json").read_text())


def test_the_rehearsal_passes_and_writes_its_reports(dist: Path, tmp_path: Path) -> None:
    code, printed, report = rehearse(Scenario(), dist, tmp_path)
    assert code == 0, printed
    assert report["ok"] is True
    steps = report["steps"]
    assert isinstance(steps, list)
    assert len(steps) == 13
    assert all(step["ok"] for step in steps)
    checks = [check for step in steps for check in step["checks"]]
    assert len(checks) >= 20
    assert "restored orders carries the expected tags" in printed
    markdown = (tmp_path / "rehearsal.md").read_text()
    assert markdown.startswith("# Local rehearsal: passed")
    assert "│   │       └── payments-db (" in markdown  # the org tree is in the report too


def test_a_restored_resource_with_other_tags_fails_the_rehearsal(
    dist: Path, tmp_path: Path
) -> None:
    scenario = Scenario().with_expected_tags("orders", {"CostCenter": "9999"})
    code, printed, report = rehearse(scenario, dist, tmp_path)
    assert code == 1
    assert report["ok"] is False
    assert "MISMATCH in step 11: restored orders carries the expected tags" in printed
    assert "# Local rehearsal: FAILED" in (tmp_path / "rehearsal.md").read_text()


def test_an_account_with_another_effective_policy_fails_the_rehearsal(
    dist: Path, tmp_path: Path
) -> None:
    scenario = Scenario().with_covered_accounts_after_create(("app-dev", "sandbox"))
    code, printed, _ = rehearse(scenario, dist, tmp_path)
    assert code == 1
    assert "MISMATCH in step 5: complete backup plans of every account" in printed


def test_without_packages_it_says_to_run_make_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--dist", str(tmp_path), "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "run `make package` first" in capsys.readouterr().err


def test_a_step_that_errors_stops_the_run_and_is_reported(dist: Path, tmp_path: Path) -> None:
    scenario = dataclasses.replace(Scenario(), policy_file="no-such-policy.json")
    code, printed, report = rehearse(scenario, dist, tmp_path)
    assert code == 1
    assert "ERROR in step 3: FileNotFoundError" in printed
    assert "stopped: the steps after a failed step depend on it" in printed
    steps = report["steps"]
    assert isinstance(steps, list)
    assert len(steps) == 3
