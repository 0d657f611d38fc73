"""The org-policies template generated for a configuration: one policy resource per entry, the
repository template's ids and names for its four files (an upgrade updates in place), and
clean under cfn-lint with warnings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgbackup.deploy.artifacts import policy_artifacts
from orgbackup.deploy.config import load_config
from orgbackup.deploy.errors import ConfigError, ConfigIssue, DeployError
from orgbackup.deploy.org_policies_template import org_policies_template
from orgbackup.deploy.policy_entries import MAX_POLICIES, PolicyEntry
from orgbackup.deploy.publish import main, write_org_policies_template
from orgbackup.deploy.template_lint import lint_template
from orgbackup.deploy.templates import load_document
from tests.deploy.conftest import EXAMPLE_CONFIG

TARGET_OUS = ["ou-ab12-11111111", "ou-ab12-22222222"]
CFN_LINT = Path(sys.executable).parent / "cfn-lint"
REPO_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "org-policies.yaml"


def _policies(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: spec["Properties"]
        for name, spec in document["Resources"].items()
        if spec["Type"] == "Custom::BackupOrgPolicy"
    }


def _generate(repo: Path, out: Path, **fields: Any) -> tuple[dict[str, Any], Path]:
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text())
    data.update(fields)
    path = repo / "deploy" / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    config = load_config(path, repo)
    artifacts = policy_artifacts(repo / "policies")
    generated = write_org_policies_template(config, artifacts, repo, out)
    return yaml.safe_load(generated.read_text()), generated


def _add_weekly(repo: Path) -> None:
    document = json.loads((repo / "policies" / "daily.json").read_text())
    document["plans"]["org-backup-weekly"] = document["plans"].pop("org-backup-daily")
    (repo / "policies" / "weekly.json").write_text(json.dumps(document))


def test_the_four_policies_keep_their_ids_names_and_everything_but_key_and_targets(
    repo: Path, tmp_path: Path
) -> None:
    before = _policies(load_document(repo / "templates" / "org-policies.yaml"))
    after, _ = _generate(repo, tmp_path)
    keys = {a.name: a.key for a in policy_artifacts(repo / "policies")}

    generated = _policies(after)
    assert sorted(generated) == sorted(before) == [
        "DailyPolicy", "DataClassificationPolicy", "LongRetentionPolicy", "MonthlyPolicy",
    ]  # fmt: skip
    for logical_id, old in before.items():
        new = generated[logical_id]
        stem = new["PolicyContent"]["S3"]["Key"].split("/")[1].rsplit("-", 1)[0]
        assert new["PolicyContent"]["S3"]["Key"] == keys[stem]
        assert new["PolicyTargets"] == TARGET_OUS
        unchanged = {k: v for k, v in old.items() if k not in ("PolicyContent", "PolicyTargets")}
        unchanged["ServiceToken"] = {"Fn::GetAtt": ["PolicyManagerFunction", "Arn"]}
        assert {k: v for k, v in new.items() if k in unchanged} == unchanged, logical_id
        assert new["PolicyContent"]["S3"]["Bucket"] == old["PolicyContent"]["S3"]["Bucket"]
    assert not [name for name in after["Parameters"] if name.endswith("PolicyKey")]
    assert "PolicyTargets" not in after["Parameters"]
    assert after["Conditions"].keys() == {"ReservePolicyManagerConcurrency", "UseManagementRole"}
    assert {k for k in after["Outputs"] if k.endswith("PolicyId")} == {f"{i}Id" for i in before}


def test_a_fifth_policy_targeted_at_one_ou_gets_its_own_resource(
    repo: Path, tmp_path: Path
) -> None:
    _add_weekly(repo)
    entries: list[dict[str, Any]] = [
        {"file": f"policies/{p.name}"} for p in sorted((repo / "policies").glob("d*.json"))
    ]
    entries += [{"file": "policies/long-retention.json"}, {"file": "policies/monthly.json"}]
    entries += [{"file": "policies/weekly.json", "targets": ["ou-ab12-22222222"]}]

    document, _ = _generate(repo, tmp_path, policies=entries)

    weekly = _policies(document)["WeeklyPolicy"]
    assert weekly["PolicyName"] == {"Fn::Sub": "${PolicyNamePrefix}-weekly"}
    assert weekly["PolicyTargets"] == ["ou-ab12-22222222"]
    assert weekly["PolicyContent"]["S3"]["Key"].startswith("policies/weekly-")
    assert weekly["PolicyDescription"] == "Backup policy policies/weekly.json"
    assert _policies(document)["DailyPolicy"]["PolicyTargets"] == TARGET_OUS
    assert document["Outputs"]["WeeklyPolicyId"]["Value"] == {"Ref": "WeeklyPolicy"}
    role = document["Resources"]["PolicyManagerRole"]["Properties"]["Policies"]
    rules = [
        statement["Resource"]
        for policy in role
        for statement in policy["PolicyDocument"]["Statement"]
        if statement.get("Sid") == "OwnPollingRules"
    ]
    assert [r["Fn::Sub"].rsplit("/", 1)[1] for r in rules[0]] == [
        f"{name}Policy????????"
        for name in ("Daily", "DataClassification", "LongRetention", "Monthly", "Weekly")
    ]


def test_the_generated_template_passes_cfn_lint_with_warnings(repo: Path, tmp_path: Path) -> None:
    _add_weekly(repo)
    entries: list[dict[str, Any]] = [
        {"file": f"policies/{p.name}"} for p in sorted((repo / "policies").glob("*.json"))
    ]
    entries[-1]["targets"] = ["ou-ab12-22222222", "123456789012"]
    _, path = _generate(repo, tmp_path, policies=entries)

    lint_template(path.read_text(), path.name, ["eu-west-1"])
    result = subprocess.run(
        [str(CFN_LINT), "--non-zero-exit-code", "warning", "--", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_a_lint_problem_in_the_generated_template_fails_naming_rule_and_line(
    repo: Path, tmp_path: Path
) -> None:
    template = repo / "templates" / "org-policies.yaml"
    template.write_text(template.read_text().replace("Timeout: 900", "Timeout: 9000"))
    _, path = _generate(repo, tmp_path)

    with pytest.raises(DeployError) as raised:
        lint_template(path.read_text(), path.name, ["eu-west-1"])
    assert "E3034 9000 is greater than the maximum of 5400" in str(raised.value)


def test_deploy_config_renders_and_lints_the_template(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = repo / "templates" / "org-policies.yaml"
    arguments = ["--config", str(EXAMPLE_CONFIG), "--root", str(repo), "--no-upload"]
    arguments += ["--stack", "pipeline", "--out", str(tmp_path / "good")]
    assert main(arguments) == 0
    assert (tmp_path / "good" / "pipeline.json").is_file()

    template.write_text(template.read_text().replace("Timeout: 900", "Timeout: 9000"))
    assert main([*arguments[:-1], str(tmp_path / "bad")]) == 1
    assert "cfn-lint found 2 problem(s) in org-policies.yaml" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()


def test_the_most_policies_allowed_keep_the_role_within_the_iam_quota() -> None:
    template = load_document(REPO_TEMPLATE)
    # The longest names; unresolved ${AWS::...} and both sides of each Fn::If are counted, so
    # the real document is shorter.
    entries = [
        PolicyEntry(f"policies/{i}.json", f"{i:02d}" + "x" * 46, ("r-abcd",), f"$.policies[{i}]")
        for i in range(MAX_POLICIES)
    ]
    document = org_policies_template(template, entries, {e.file: "key" for e in entries})

    resources = document["Resources"]
    inline = [p["PolicyDocument"] for p in resources["PolicyManagerRole"]["Properties"]["Policies"]]
    inline.append(resources["OrganizationsAccessPolicy"]["Properties"]["PolicyDocument"])
    characters = sum(1 for c in json.dumps(inline, separators=(",", ":")) if not c.isspace())
    assert 9_000 < characters <= 10_240  # IAM: a role's inline policies together


def test_more_policies_than_that_are_refused(repo: Path) -> None:
    for i in range(MAX_POLICIES - 3):
        (repo / "policies" / f"extra-{i}.json").write_text("{}")

    with pytest.raises(ConfigError) as raised:
        load_config(EXAMPLE_CONFIG, repo)
    assert raised.value.issues == [
        ConfigIssue(
            "$.policies",
            f"{MAX_POLICIES + 1} policies; one deployment deploys at most {MAX_POLICIES} (the "
            "policy manager's role names each one within IAM's inline policy size quota): "
            "merge some",
        )
    ]
