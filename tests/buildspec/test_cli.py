"""``python -m rehearsal.buildspec``: exit 0 on success, 1 on a failed build, 2 on a bad
buildspec."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rehearsal.buildspec.__main__ import main


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "buildspec.yml"
    path.write_text(text)
    return path


def test_success_failure_and_refusal_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, "version: 0.2\nphases:\n  build:\n    commands: ['true']\n")
    assert main([str(good), "--src", str(tmp_path)]) == 0
    assert "BUILD SUCCEEDED" in capsys.readouterr().out

    bad = _write(tmp_path, "version: 0.2\nphases:\n  build:\n    commands: ['false']\n")
    assert main([str(bad), "--src", str(tmp_path)]) == 1
    assert "BUILD FAILED" in capsys.readouterr().out

    refused = _write(tmp_path, "version: 0.2\nenv:\n  parameter-store:\n    A: /a\n")
    assert main([str(refused)]) == 2
    assert "env.parameter-store" in capsys.readouterr().err


def test_env_overrides_beat_buildspec_variables_and_exports_are_written(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        "version: 0.2\nenv:\n  variables:\n    CONFIG: a.yaml\n  exported-variables: [CONFIG]\n"
        "phases:\n  build:\n    commands: ['true']\n",
    )
    exported = tmp_path / "exported.json"

    code = main(
        [str(spec), "--src", str(tmp_path), "--env", "CONFIG=b.yaml", "--exported", str(exported)]
    )

    assert code == 0
    assert json.loads(exported.read_text()) == {"CONFIG": "b.yaml"}
