"""Write a buildspec into a scratch source directory and run it."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from rehearsal.buildspec import BuildResult, load_buildspec, run_build

Build = Callable[[str], tuple[BuildResult, str]]


@pytest.fixture
def build(tmp_path: Path) -> Build:
    """``build(yaml_text)`` runs the buildspec in ``tmp_path`` and returns (result, output).

    Commands write to the real stdout (they inherit it, as in CodeBuild), so tests read
    what commands print from files, and the runner's own lines from the returned text.
    """

    def run(text: str) -> tuple[BuildResult, str]:
        path = tmp_path / "buildspec.yml"
        path.write_text(textwrap.dedent(text))
        out = io.StringIO()
        result = run_build(load_buildspec(path), tmp_path, out=out)
        return result, out.getvalue()

    return run
