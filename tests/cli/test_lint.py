"""``backup-policy lint``: each issue with file, JSON path, code and message; variables and
Regions applied before validating; exit 0 clean, 1 on issues, 2 on unusable input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import CENTRAL_VAULT, EXAMPLES, Run

POLICIES = sorted((EXAMPLES / "policies").glob("*.json"))


def test_examples_are_clean_once_their_variable_is_given(cli: Run) -> None:
    result = cli("lint", *POLICIES, "--var", f"CentralVaultArn={CENTRAL_VAULT}")

    assert (result.code, result.out) == (0, "")
    assert f"{len(POLICIES)} file(s) checked, no issues" in result.err


def test_an_unset_variable_is_reported_with_file_path_and_code(cli: Run) -> None:
    file = EXAMPLES / "policies" / "prod-monthly.json"

    result = cli("lint", file)

    assert result.code == 1
    rows = [line.split() for line in result.out.splitlines()]
    assert rows[0][:3] == [
        str(file),
        '$.plans["Monthly-366"].rules.Monthly.copy_actions["${CentralVaultArn}"]',
        "P109",
    ]
    assert " ".join(rows[0][3:]) == "variable ${CentralVaultArn} was not given a value"
    assert len(rows) == 2
    assert "1 file(s) checked, 2 issue(s) in 1 file(s)" in result.err
    # The values are not checked until the document renders, and lint says so.
    assert "note: 1 file(s) could not be rendered, so only the issues above were checked" in (
        result.err
    )


def test_a_clean_run_has_no_rendering_note(cli: Run) -> None:
    result = cli("lint", *POLICIES, "--var", f"CentralVaultArn={CENTRAL_VAULT}")
    assert "note:" not in result.err


def test_every_file_is_checked_and_only_the_bad_one_is_named(cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    plan = {
        "regions": {"@@assign": ["us-east-1"]},
        "rules": {
            "R": {
                "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                "target_backup_vault_name": {"@@assign": "Vault"},
                "start_backup_window_minutes": {"@@assign": "30"},
                "lifecycle": {
                    "move_to_cold_storage_after_days": {"@@assign": "30"},
                    "delete_after_days": {"@@assign": "60"},
                },
            }
        },
    }
    bad.write_text(json.dumps({"plans": {"P": plan}}))
    good = EXAMPLES / "policies" / "sandbox-weekly.json"

    result = cli("lint", good, bad)

    assert result.code == 1
    rows = [line.split(maxsplit=3) for line in result.out.splitlines()]
    assert [row[:3] for row in rows] == [
        [str(bad), "$.plans.P.rules.R.lifecycle.delete_after_days", "P202"],
        [str(bad), "$.plans.P.rules.R.start_backup_window_minutes", "P304"],
    ]
    assert rows[1][3] == "start_backup_window_minutes must be at least 60, not 30"


def test_regions_option_replaces_every_plans_regions(cli: Run, tmp_path: Path) -> None:
    file = tmp_path / "regions.json"
    file.write_text((EXAMPLES / "policies" / "sandbox-weekly.json").read_text())

    clean = cli("lint", file, "--regions", "us-east-1,eu-west-1")
    unknown = cli("lint", file, "--regions", "us-east-1,mars-north-1")

    assert clean.code == 0
    assert unknown.code == 1
    assert "mars-north-1" in unknown.out
    assert '$.plans["Weekly-14"].regions' in unknown.out


def test_duplicate_keys_and_bad_json_are_issues_not_crashes(cli: Run, tmp_path: Path) -> None:
    duplicate = tmp_path / "dup.json"
    duplicate.write_text('{"plans": {"A": {}, "A": {}}}')
    broken = tmp_path / "broken.json"
    broken.write_text('{"plans": ')

    result = cli("lint", duplicate, broken)

    assert result.code == 1
    rows = [line.split()[:3] for line in result.out.splitlines()]
    assert rows == [[str(duplicate), "$.plans.A", "P108"], [str(broken), "$", "P100"]]


def test_a_missing_file_is_a_usage_error_naming_it(cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"

    result = cli("lint", EXAMPLES / "policies" / "sandbox-weekly.json", missing)

    assert result.code == 2
    assert result.out == ""
    assert f"backup-policy: error: {missing}: cannot read" in result.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["lint"], "lint needs FILE... or --config FILE"),
        (["lint", "x.json", "--var", "NOEQUALS"], "expected NAME=VALUE"),
        (["lint", "x.json", "--var", "=v"], "expected NAME=VALUE"),
        (["lint", "x.json", "--regions", " , "], "expected at least one Region"),
        (["frobnicate"], "invalid choice"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_exit_2(cli: Run, argv: list[str], message: str) -> None:
    result = cli(*argv)

    assert result.code == 2
    assert message in result.err
