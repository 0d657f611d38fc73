"""``backup-policy render``: the engine's minified document on stdout, its size against the
10,000-character limit on stderr, issues on stderr with exit 1."""

from __future__ import annotations

import json
from pathlib import Path

from backup_org_policy_manager.policy import render
from tests.cli.conftest import CENTRAL_VAULT, EXAMPLES, Run

MONTHLY = EXAMPLES / "policies" / "prod-monthly.json"


def test_prints_the_engines_rendering_and_its_size(cli: Run) -> None:
    result = cli(
        "render", MONTHLY, "--var", f"CentralVaultArn={CENTRAL_VAULT}", "--regions", "eu-west-1"
    )

    expected = render(
        MONTHLY.read_text(),
        variables={"${CentralVaultArn}": CENTRAL_VAULT},
        regions=["eu-west-1"],
    )
    assert result.code == 0
    assert result.out == expected + "\n"
    document = json.loads(result.out)
    assert document["plans"]["Monthly-366"]["regions"] == {"@@assign": ["eu-west-1"]}
    assert CENTRAL_VAULT in document["plans"]["Monthly-366"]["rules"]["Monthly"]["copy_actions"]
    assert f"{len(expected):,} of 10,000 characters" in result.err
    assert "within the limit" in result.err


def test_var_accepts_the_placeholder_spelled_out(cli: Run) -> None:
    short = cli("render", MONTHLY, "--var", f"CentralVaultArn={CENTRAL_VAULT}")
    spelled = cli("render", MONTHLY, "--var", "${CentralVaultArn}=" + CENTRAL_VAULT)

    assert short.code == spelled.code == 0
    assert short.out == spelled.out


def test_an_unrenderable_policy_prints_nothing_and_its_issues(cli: Run) -> None:
    result = cli("render", MONTHLY)

    assert result.code == 1
    assert result.out == ""
    assert "P109" in result.err
    assert "variable ${CentralVaultArn} was not given a value" in result.err


def test_an_oversized_policy_is_printed_with_its_size_issue(cli: Run, tmp_path: Path) -> None:
    plan = json.loads((EXAMPLES / "policies" / "sandbox-weekly.json").read_text())
    weekly = plan["plans"]["Weekly-14"]
    plan["plans"] = {f"Weekly-{i:03d}": weekly for i in range(40)}
    file = tmp_path / "big.json"
    file.write_text(json.dumps(plan, indent=4))

    result = cli("render", file)

    size = len(result.out.strip())
    assert size > 10_000
    assert result.code == 1
    assert f"{size:,} of 10,000 characters" in result.err
    assert "OVER the limit" in result.err
    assert any(line.split()[1].startswith("P9") for line in result.err.splitlines()[1:])
