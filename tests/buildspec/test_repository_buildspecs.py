"""The repository's buildspecs: they load, call only `make` targets that exist, never recurse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rehearsal.buildspec import load_buildspec

ROOT = Path(__file__).resolve().parents[2]
BUILDSPECS = sorted((ROOT / "buildspecs").glob("*.yml"))
MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))


def test_the_four_buildspecs_exist() -> None:
    assert [path.stem for path in BUILDSPECS] == ["deploy", "package", "test", "validate"]


@pytest.mark.parametrize("path", BUILDSPECS, ids=lambda path: path.stem)
def test_each_calls_only_existing_make_targets_and_never_make_test(path: Path) -> None:
    spec = load_buildspec(path)
    commands = [command for phase in spec.phases for command in phase.commands]
    targets = [word for command in commands for word in re.findall(r"\bmake (\S+)", command)]

    assert targets, "a buildspec runs the same make targets a developer runs"
    assert set(targets) <= MAKE_TARGETS
    assert "test" not in targets  # make test runs these buildspecs: that would recurse
    assert spec.shell == "bash"
    assert spec.phases[0].runtime_versions == {"python": "3.13"}


def test_validate_runs_lint_and_test_runs_pytest_with_reports() -> None:
    validate = load_buildspec(ROOT / "buildspecs" / "validate.yml")
    test = load_buildspec(ROOT / "buildspecs" / "test.yml")

    assert "make lint" in validate.phases[-1].commands
    assert "make pytest" in test.phases[-1].commands
    assert {(report.name, report.file_format) for report in test.reports} == {
        ("pytest", "JUNITXML"),
        ("coverage", "COBERTURAXML"),
    }


def test_make_test_runs_the_validate_and_test_buildspecs_through_the_runner() -> None:
    rule = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    recipe = [line.strip() for line in rule.splitlines() if line.startswith("\t")]

    # Exactly the two buildspecs: lint and pytest run once, inside them.
    assert recipe == [
        "$(BUILDSPEC) buildspecs/validate.yml --env CONFIG=$(CONFIG)",
        "$(BUILDSPEC) buildspecs/test.yml",
    ]
