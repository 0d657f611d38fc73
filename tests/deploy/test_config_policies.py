"""``policies:`` and the policy files: each mistake is named (file, JSON path, value, bound) by
the one configuration check, and the publish step writes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgbackup.deploy.config import load_config
from orgbackup.deploy.errors import ConfigError, ConfigIssue
from orgbackup.deploy.policy_config import policy_target_warnings
from orgbackup.deploy.publish import main
from tests.deploy.conftest import EXAMPLE_CONFIG

FILES = ["daily", "data-classification", "long-retention", "monthly"]
CENTRAL_ARN = "arn:aws:backup:eu-central-1:333333333333:backup-vault:org-backup-central-vault"


def _listed(**changes: Any) -> list[dict[str, Any]]:
    """One entry per repository policy file, with ``changes`` by file stem."""
    return [{"file": f"policies/{name}.json", **changes.get(name, {})} for name in FILES]


def _config(repo: Path, **fields: Any) -> Path:
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    data.update(fields)
    path = repo / "deploy" / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _issues(repo: Path, **fields: Any) -> list[ConfigIssue]:
    with pytest.raises(ConfigError) as raised:
        load_config(_config(repo, **fields), repo)
    return raised.value.issues


def _policy(repo: Path, name: str, edit: dict[str, Any]) -> None:
    """policies/<name>.json: daily.json with its plan renamed and ``edit`` merged into its rule."""
    document = json.loads((repo / "policies" / "daily.json").read_text())
    plan = document["plans"].pop("org-backup-daily")
    plan["rules"]["daily-35-days"].update(edit)
    document["plans"][f"org-backup-{name}"] = plan
    (repo / "policies" / f"{name}.json").write_text(json.dumps(document))


def test_without_policies_every_file_goes_to_the_target_ous(repo: Path) -> None:
    config = load_config(_config(repo), repo)

    assert [(e.file, e.name, e.logical_id) for e in config.policies] == [
        (f"policies/{name}.json", name, "".join(w.title() for w in name.split("-")) + "Policy")
        for name in FILES
    ]
    assert {e.targets for e in config.policies} == {("ou-ab12-11111111", "ou-ab12-22222222")}


def test_a_listed_policy_keeps_its_own_targets_and_name(repo: Path) -> None:
    _policy(repo, "weekly", {})
    entries = [*_listed(), {"file": "policies/weekly.json", "targets": ["ou-ab12-22222222"]}]
    entries[0]["name"] = "every-day"
    config = load_config(_config(repo, policies=entries), repo)

    weekly = config.policies[-1]
    assert (weekly.name, weekly.logical_id, weekly.targets) == (
        "weekly",
        "WeeklyPolicy",
        ("ou-ab12-22222222",),
    )
    assert config.policies[0].logical_id == "EveryDayPolicy"
    assert config.policies[1].targets == ("ou-ab12-11111111", "ou-ab12-22222222")
    assert policy_target_warnings(config) == []


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            _listed()[:3],
            ConfigIssue(
                "$.policies",
                "policies/monthly.json is listed by no entry; add {file: policies/monthly.json} "
                "or delete the file",
            ),
        ),
        (
            [*_listed(), {"file": "policies/weekly.json"}],
            ConfigIssue(
                "$.policies[4].file",
                "policies/weekly.json does not exist (found: policies/daily.json, "
                "policies/data-classification.json, policies/long-retention.json, "
                "policies/monthly.json)",
            ),
        ),
        (
            [*_listed(), {"file": "policies/daily.json", "name": "daily-2"}],
            ConfigIssue(
                "$.policies[4].file",
                "policies/daily.json is already listed at $.policies[0]; list it once",
            ),
        ),
        (
            _listed(monthly={"name": "daily"}),
            ConfigIssue(
                "$.policies[3].name",
                "policy name daily is already listed at $.policies[0]; list it once",
            ),
        ),
        (
            _listed(daily={"name": "organizations-access"}),
            ConfigIssue(
                "$.policies[0].name",
                "organizations-access gives the resource id OrganizationsAccessPolicy, which "
                "templates/org-policies.yaml already uses; choose another name",
            ),
        ),
        (
            _listed(daily={"targets": ["ou-bad"]}),
            ConfigIssue(
                "$.policies[0].targets[0]",
                "'ou-bad' is not a root id (r-...), an OU id (ou-...-...) or a 12-digit account "
                'id, e.g. "ou-ab12-cd34ef56"',
            ),
        ),
        (
            _listed(daily={"file": "daily.json"}),
            ConfigIssue(
                "$.policies[0].file",
                "'daily.json' is not a file in policies/ (up to 48 letters, digits, hyphens and "
                'underscores, then .json), e.g. "policies/daily.json"',
            ),
        ),
        (
            _listed(daily={"target": ["ou-ab12-11111111"]}),
            ConfigIssue("$.policies[0].target", "unknown field"),
        ),
    ],
    ids=["unlisted", "missing", "file-twice", "name-twice", "reserved", "target", "file", "typo"],
)
def test_each_entry_mistake_names_its_field(
    repo: Path, entries: list[dict[str, Any]], expected: ConfigIssue
) -> None:
    assert expected in _issues(repo, policies=entries)


def _stacksets(**values: str) -> dict[str, Any]:
    return {"parameters": {"stacksets": values}}


def test_a_retention_below_the_member_lock_minimum_names_file_path_value_and_bound(
    repo: Path,
) -> None:
    issues = _issues(repo, **_stacksets(VaultLockMinRetentionDays="20"))

    assert (
        ConfigIssue(
            'policies/data-classification.json $.plans["org-backup-tier-standard"].rules'
            '["daily-14-days"].lifecycle.delete_after_days',
            "14 days is below the lock minimum of the member vaults, 20 days "
            "(VaultLockMinRetentionDays, set by $.parameters.stacksets.VaultLockMinRetentionDays); "
            "use at least 20",
        )
        in issues
    )
    assert all(issue.path.startswith("policies/data-classification.json ") for issue in issues)


def test_a_copy_above_the_central_lock_maximum_names_the_copy_action(repo: Path) -> None:
    issues = _issues(repo, **_stacksets(VaultLockMaxRetentionDays="2000"))

    rule = '$.plans["org-backup-long-retention"].rules["monthly-cold-7-years"]'
    message = (
        "2555 days is above the lock maximum of {}, 2000 days (VaultLockMaxRetentionDays, set "
        "by $.parameters.stacksets.VaultLockMaxRetentionDays); use at most 2000"
    )
    assert issues == [
        ConfigIssue(
            f"policies/long-retention.json {rule}.lifecycle.delete_after_days",
            message.format("the member vaults"),
        ),
        ConfigIssue(
            f'policies/long-retention.json {rule}.copy_actions["{CENTRAL_ARN}"]'
            ".lifecycle.delete_after_days",
            message.format("the central vault"),
        ),
    ]


def test_unlocked_vaults_accept_any_retention(repo: Path) -> None:
    overrides = _stacksets(
        VaultLockMaxRetentionDays="2000", MemberVaultLockMode="none", CentralVaultLockMode="none"
    )
    assert len(load_config(_config(repo, **overrides), repo).policies) == 4


def test_a_retention_left_unset_under_a_maximum_is_named(repo: Path) -> None:
    _policy(repo, "forever", {"lifecycle": {}})
    issues = _issues(repo)

    assert [issue.path for issue in issues] == [
        'policies/forever.json $.plans["org-backup-forever"].rules["daily-35-days"]'
        ".lifecycle.delete_after_days"
    ]
    assert issues[0].message.startswith(
        "keeps recovery points forever, but the member vaults is locked to at most 3650 days "
        "(VaultLockMaxRetentionDays, set by the default of VaultLockMaxRetentionDays in "
        "templates/stacksets.yaml)"
    )


def test_a_copy_to_another_vault_is_named_with_the_vault_it_should_be(repo: Path) -> None:
    other = "arn:aws:backup:eu-central-1:444444444444:backup-vault:elsewhere"
    copy_actions = {
        other: {
            "target_backup_vault_arn": {"@@assign": other},
            "lifecycle": {"delete_after_days": {"@@assign": "35"}},
        }
    }
    _policy(repo, "stray", {"copy_actions": copy_actions})
    issues = _issues(repo)

    rule = 'policies/stray.json $.plans["org-backup-stray"].rules["daily-35-days"]'
    message = f"copies to {other}; the vaults that accept copies are {CENTRAL_ARN}"
    # The key and target_backup_vault_arn name the same vault: one mistake, reported once.
    assert issues == [
        ConfigIssue(f'{rule}.copy_actions["{other}"]', message + " (write ${CentralVaultArn})"),
    ]


def test_a_target_that_differs_from_its_key_is_reported_at_the_target(repo: Path) -> None:
    other = "arn:aws:backup:eu-central-1:444444444444:backup-vault:elsewhere"
    copy_actions = {
        CENTRAL_ARN: {
            "target_backup_vault_arn": {"@@assign": other},
            "lifecycle": {"delete_after_days": {"@@assign": "35"}},
        }
    }
    _policy(repo, "stray", {"copy_actions": copy_actions})

    rule = 'policies/stray.json $.plans["org-backup-stray"].rules["daily-35-days"]'
    where = f'{rule}.copy_actions["{CENTRAL_ARN}"].target_backup_vault_arn'
    # The engine refuses the document first (P403: the target differs from its key), once,
    # at the target; the vault check runs on documents the engine accepts.
    (issue,) = _issues(repo)
    assert issue.path == where
    assert issue.message.startswith(f"P403 target_backup_vault_arn {other!r} differs")


def test_a_copy_to_the_air_gapped_vault_is_held_to_its_own_bounds(repo: Path) -> None:
    air_gapped = "arn:aws:backup:eu-central-1:333333333333:backup-vault:org-backup-air-gapped"
    copy_actions = {
        air_gapped: {
            "target_backup_vault_arn": {"@@assign": air_gapped},
            "lifecycle": {"delete_after_days": {"@@assign": "5"}},
        }
    }
    _policy(repo, "isolated", {"copy_actions": copy_actions})
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    data["central"]["air_gapped_vault"] = {
        "name": "org-backup-air-gapped",
        "regions": ["eu-central-1"],
    }

    issues = _issues(repo, central=data["central"])

    rule = 'policies/isolated.json $.plans["org-backup-isolated"].rules["daily-35-days"]'
    assert issues == [
        ConfigIssue(
            f'{rule}.copy_actions["{air_gapped}"].lifecycle.delete_after_days',
            "5 days is below the lock minimum of the air-gapped vault, 7 days "
            "(AirGappedMinRetentionDays, set by the default of AirGappedMinRetentionDays in "
            "templates/stacksets.yaml); use at least 7",
        )
    ]


def test_a_policy_the_engine_refuses_is_named_by_file_and_path(repo: Path) -> None:
    _policy(repo, "broken", {"schedule_expression": {"@@assign": "every day"}})
    (issue,) = _issues(repo)

    assert issue.path == (
        'policies/broken.json $.plans["org-backup-broken"].rules["daily-35-days"]'
        ".schedule_expression"
    )
    assert issue.message.startswith("P3")


def test_a_policy_file_with_an_unusable_name_or_none_at_all_is_named(repo: Path) -> None:
    (repo / "policies" / "daily.json").rename(repo / "policies" / "daily backups.json")
    assert _issues(repo)[0] == ConfigIssue(
        "$.policies",
        "policies/daily backups.json: rename it to up to 48 letters, digits, hyphens and "
        "underscores, then .json (the name becomes the policy name), e.g. policies/daily.json",
    )
    for path in (repo / "policies").glob("*.json"):
        path.unlink()
    assert _issues(repo) == [
        ConfigIssue(
            "$.policies", "policies/ holds no .json file: add the backup policies to deploy"
        )
    ]


def test_a_target_outside_the_target_ous_is_a_warning(repo: Path) -> None:
    entries = _listed(daily={"targets": ["ou-ab12-33333333", "ou-ab12-99999999"]})
    config = load_config(_config(repo, policies=entries), repo)

    central, other = policy_target_warnings(config)
    # ou-ab12-33333333 is the example's central OU: the central account has no member vault.
    assert central.startswith(
        "$.policies[0].targets[0]: ou-ab12-33333333 holds the central account, which has the "
        "central vault but not the member vault"
    )
    assert other.startswith(
        "$.policies[0].targets[1]: ou-ab12-99999999 is not in organization.target_ous"
    )


def test_publish_writes_nothing_for_a_bad_policies_section(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(repo, policies=_listed()[:3])
    out = tmp_path / "out"

    code = main(["--config", str(config), "--root", str(repo), "--no-upload", "--out", str(out)])

    assert code == 2
    assert "$.policies: policies/monthly.json is listed by no entry" in capsys.readouterr().err
    assert not out.exists()
