"""Buildspec parsing: what the runner refuses, each refusal naming the field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from rehearsal.buildspec import BuildspecError, load_buildspec


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "buildspec.yml"
    path.write_text(textwrap.dedent(text))
    load_buildspec(path)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("version: 0.1\n", "version", "must be 0.2"),
        (
            "version: 0.2\nenv:\n  parameter-store:\n    TOKEN: /x\n",
            "env.parameter-store",
            "reads SSM Parameter Store, which the local runner refuses to fake",
        ),
        (
            "version: 0.2\nenv:\n  secrets-manager:\n    TOKEN: s:k\n",
            "env.secrets-manager",
            "reads AWS Secrets Manager",
        ),
        ("version: 0.2\nphases:\n  deploy:\n    commands: [x]\n", "phases.deploy", "unknown phase"),
        (
            "version: 0.2\nphases:\n  build:\n    on-failure: RETRY\n    commands: [x]\n",
            "phases.build.on-failure",
            "supports ABORT and CONTINUE",
        ),
        (
            "version: 0.2\nphases:\n  build:\n    run-as: root\n    commands: [x]\n",
            "phases.build.run-as",
            "current user",
        ),
        (
            "version: 0.2\nphases:\n  build:\n    runtime-versions: {python: 3.13}\n",
            "phases.build.runtime-versions",
            "allowed only in install",
        ),
        ("version: 0.2\ncache:\n  paths: [x]\n", "cache", "not supported"),
        ("version: 0.2\nenv:\n  shell: fish\n", "env.shell", "not a Linux shell"),
        (
            "version: 0.2\nreports:\n  r:\n    file-format: JUNITXML\n",
            "reports.r.files",
            "is required",
        ),
        (
            "version: 0.2\nreports:\n  r:\n    files: [a]\n    file-format: HTML\n",
            "reports.r.file-format",
            "unknown format",
        ),
        (
            "version: 0.2\nphases:\n  build:\n    commands: {a: b}\n",
            "phases.build.commands",
            "list",
        ),
    ],
)
def test_refusals_name_the_field(tmp_path: Path, text: str, field: str, message: str) -> None:
    with pytest.raises(BuildspecError) as raised:
        _load(tmp_path, text)

    assert raised.value.path == field
    assert message in raised.value.message


def test_values_are_taken_as_codebuild_takes_them(tmp_path: Path) -> None:
    path = tmp_path / "buildspec.yml"
    path.write_text(
        "version: 0.2\nenv:\n  variables:\n    N: 3\n    FLAG: true\n"
        "phases:\n  install:\n    runtime-versions:\n      python: 3.13\n"
    )

    spec = load_buildspec(path)

    assert spec.variables == {"N": "3", "FLAG": "true"}
    assert spec.shell == "sh"
    assert spec.phases[0].runtime_versions == {"python": "3.13"}
