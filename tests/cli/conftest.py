"""Fixtures for the CLI tests: run ``main`` in-process and capture its output and exit code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from orgbackup.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
CENTRAL_VAULT = "arn:aws:backup:us-east-1:222222222222:backup-vault:CentralVault"


@dataclass(frozen=True, slots=True)
class Result:
    """What one run of the CLI printed and returned."""

    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """``cli("lint", "a.json")`` runs ``main`` and returns its exit code, stdout and stderr."""

    def run(*argv: str | Path) -> Result:
        try:
            code = main([str(a) for a in argv])
        except SystemExit as stop:  # argparse usage errors and CliError exit this way
            code = stop.code if isinstance(stop.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
