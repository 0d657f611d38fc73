"""The installed ``backup-policy`` console script and ``python -m orgbackup.cli``, each run once as
a real process (the script found next to ``sys.executable``), including ``preview --from-aws``
through the loopback emulator and the exit codes a shell sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3

from tests.cli.conftest import CENTRAL_VAULT, EXAMPLES, REPO
from tests.cli.emulated_org import deploy_examples

SCRIPT = Path(sys.executable).with_name("backup-policy")


def _run(*argv: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


def test_console_script_lints_and_renders(tmp_path: Path) -> None:
    policies = sorted((EXAMPLES / "policies").glob("*.json"))

    clean = _run(
        SCRIPT, "lint", *policies, "--var", f"CentralVaultArn={CENTRAL_VAULT}", cwd=tmp_path
    )
    dirty = _run(SCRIPT, "lint", *policies, cwd=tmp_path)
    usage = _run(SCRIPT, "render", cwd=tmp_path)

    assert SCRIPT.is_file()
    assert (clean.returncode, dirty.returncode, usage.returncode) == (0, 1, 2)
    assert "P109" in dirty.stdout
    assert "the following arguments are required: FILE" in usage.stderr


def test_python_dash_m_previews_the_examples() -> None:
    result = _run(
        sys.executable,
        "-m",
        "orgbackup.cli",
        "preview",
        "--org",
        EXAMPLES / "org.yaml",
        "--attachments",
        EXAMPLES / "attachments.yaml",
        "--json",
    )

    assert result.returncode == 0, result.stderr
    preview = json.loads(result.stdout)
    assert len(preview["accounts"]) == 6
    assert [i["policy"] for i in preview["ignored"]] == ["dev-short-retention"]


def test_console_script_reads_the_emulator_through_its_endpoint(emulator_endpoint: str) -> None:
    ids = deploy_examples(boto3.client("organizations"))

    result = _run(SCRIPT, "preview", "--from-aws", "--endpoint-url", emulator_endpoint, "--strict")

    assert result.returncode == 1  # --strict: an incomplete plan and an ignored operation
    assert result.stdout.splitlines()[0] == f"Root ({ids['Root']})  [org-daily-35]"
    assert "✗ Weekly-14    incomplete: missing selections" in result.stdout
    assert "\x1b[" not in result.stdout
