"""Consistency between the templates, and between the templates and ``policies/``.

The backup policies name a vault and a role that the member StackSet must create, copy to
a vault the central stack must create, and must fit the vault lock bounds; the StackSet
wrappers must pass the parameters the bodies take. None of that is visible to cfn-lint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backup_org_policy_manager.policy import render as render_policy
from backup_org_policy_manager.policy import validate
from rehearsal.emulator.iam_policy import arn_matches
from tests.templates import self_lockout
from tests.templates.deployments import Deployment
from tests.templates.intrinsics import render
from tests.templates.intrinsics import rendered as rendered_template
from tests.templates.loader import POLICIES, REPO, TEMPLATES, load, parameter_default, references
from tests.templates.scp_roles import (
    EXTERNAL_PARAMETERS,
    ROLE_NAME_LIMIT,
    Role,
    RolePattern,
    collisions,
    in_another_region,
    multi_region,
    problems,
    role_patterns,
    roles_of,
)

NAMES = sorted(path.name for path in TEMPLATES.glob("*.yaml"))
POLICY_FILES = sorted(POLICIES.glob("*.json"))
MEMBER = "member-account.yaml"
CENTRAL = "central-backup-account.yaml"
CENTRAL_VAULT_NAME = parameter_default(CENTRAL, "CentralVaultName")
CENTRAL_VAULT_ARN = f"arn:aws:backup:us-east-1:111122223333:backup-vault:{CENTRAL_VAULT_NAME}"
POLICY_RESOURCES = {
    "daily.json": ("DailyPolicy", "DailyPolicyKey"),
    "monthly.json": ("MonthlyPolicy", "MonthlyPolicyKey"),
    "long-retention.json": ("LongRetentionPolicy", "LongRetentionPolicyKey"),
    "data-classification.json": ("DataClassificationPolicy", "DataClassificationPolicyKey"),
}


def template_variables() -> dict[str, str]:
    """The Variables org-policies.yaml passes, valued with the member and central defaults."""
    values = {
        "CentralVaultArn": CENTRAL_VAULT_ARN,
        "MemberVaultName": parameter_default(MEMBER, "MemberVaultName"),
        "MemberBackupRoleName": parameter_default(MEMBER, "MemberBackupRoleName"),
    }
    resources = load("org-policies.yaml")["Resources"]
    variables: dict[str, str] = {}
    for logical_id, _ in POLICY_RESOURCES.values():
        for key, value in resources[logical_id]["Properties"]["Variables"].items():
            assert value == {"Ref": key.strip("${}")}, (logical_id, key)
            variables[key] = values[value["Ref"]]
    return variables


def rendered(path: Path) -> dict[str, Any]:
    text = render_policy(
        path.read_text(), variables=template_variables(), regions=["us-east-1", "eu-west-1"]
    )
    document: dict[str, Any] = json.loads(text)
    return document


def rules(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{plan_name}.{rule_name}", rule)
        for plan_name, plan in document["plans"].items()
        for rule_name, rule in plan["rules"].items()
    ]


def test_there_are_the_four_policies() -> None:
    assert sorted(path.name for path in POLICY_FILES) == sorted(POLICY_RESOURCES)


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda path: path.name)
def test_policies_are_valid_for_the_engine(path: Path) -> None:
    assert list(validate(render_policy(path.read_text(), variables=template_variables()))) == []
    assert list(validate(json.dumps(rendered(path)))) == []


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda path: path.name)
def test_policies_use_only_the_variables_the_template_passes(path: Path) -> None:
    text = path.read_text()
    used = {name for name in template_variables() if name in text}
    assert used == {"${MemberVaultName}", "${MemberBackupRoleName}"} | (
        {"${CentralVaultArn}"} if "copy_actions" in text else set()
    )


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda path: path.name)
def test_policies_name_what_the_member_and_central_templates_create(path: Path) -> None:
    document = rendered(path)
    vault = parameter_default(MEMBER, "MemberVaultName")
    role = f"arn:aws:iam::$account:role/{parameter_default(MEMBER, 'MemberBackupRoleName')}"
    for where, rule in rules(document):
        assert rule["target_backup_vault_name"] == {"@@assign": vault}, where
        for key, copy in rule.get("copy_actions", {}).items():
            assert key == CENTRAL_VAULT_ARN, where
            assert copy["target_backup_vault_arn"] == {"@@assign": CENTRAL_VAULT_ARN}, where
    for plan in document["plans"].values():
        for selection in plan["selections"]["tags"].values():
            assert selection["iam_role_arn"] == {"@@assign": role}


def _days(lifecycle: dict[str, Any]) -> int:
    return int(lifecycle["delete_after_days"]["@@assign"])


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda path: path.name)
def test_retention_fits_the_vault_lock_bounds(path: Path) -> None:
    """With vault lock on, a job whose retention is outside [min, max] fails."""
    member_bounds = (
        int(parameter_default(MEMBER, "VaultLockMinRetentionDays")),
        int(parameter_default(MEMBER, "VaultLockMaxRetentionDays")),
    )
    central_bounds = (
        int(parameter_default(CENTRAL, "VaultLockMinRetentionDays")),
        int(parameter_default(CENTRAL, "VaultLockMaxRetentionDays")),
    )
    wrapper = (
        int(parameter_default("stacksets.yaml", "VaultLockMinRetentionDays")),
        int(parameter_default("stacksets.yaml", "VaultLockMaxRetentionDays")),
    )
    assert member_bounds == central_bounds == wrapper
    low, high = member_bounds
    checked = 0
    for where, rule in rules(rendered(path)):
        assert low <= _days(rule["lifecycle"]) <= high, where
        for copy in rule.get("copy_actions", {}).values():
            assert low <= _days(copy["lifecycle"]) <= high, where
            checked += 1
        checked += 1
    assert checked >= 2


def test_names_agree_across_templates() -> None:
    shared = {
        "MemberVaultName": [MEMBER, "org-policies.yaml", "stacksets.yaml", "scp-guardrails.yaml"],
        "MemberBackupRoleName": [MEMBER, "org-policies.yaml", "stacksets.yaml"],
        "CentralVaultName": [CENTRAL, "stacksets.yaml", "scp-guardrails.yaml"],
        "BreakGlassRoleName": [
            MEMBER,
            CENTRAL,
            "central-air-gapped-vault.yaml",
            "break-glass-role.yaml",
            "stacksets.yaml",
            "scp-guardrails.yaml",
        ],
        # stacksets.yaml's default is empty (no air-gapped vault).
        "AirGappedVaultName": ["central-air-gapped-vault.yaml", "scp-guardrails.yaml"],
        "ArtifactBucketPrefix": [MEMBER, "org-policies.yaml", "stacksets.yaml"],
        "PolicyManagerFunctionRoleName": [
            "org-policies.yaml",
            "management-account.yaml",
            "scp-guardrails.yaml",
        ],
    }
    for parameter, names in shared.items():
        defaults = {name: parameter_default(name, parameter) for name in names}
        assert len(set(defaults.values())) == 1, (parameter, defaults)
    assert parameter_default("artifact-bucket.yaml", "BucketNamePrefix") == "org-backup-artifacts"


def test_guardrails_exempt_the_roles_the_solution_uses() -> None:
    """The SCP names the pipeline's stack and the bootstrap's role as the deployment does."""
    assert parameter_default("scp-guardrails.yaml", "StackNamePrefix") == "org-backup"
    assert parameter_default("scp-guardrails.yaml", "BootstrapRoleName") == (
        "OrganizationAccountAccessRole"
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_is_used(name: str) -> None:
    template = load(name)
    used = references(
        [template.get("Resources"), template.get("Outputs"), template.get("Conditions")]
    )
    unused = sorted(set(template.get("Parameters", {})) - used)
    assert unused == []


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_is_described_and_constrained(name: str) -> None:
    for parameter, spec in load(name).get("Parameters", {}).items():
        assert spec.get("Description"), parameter
        constrained = {"AllowedPattern", "AllowedValues", "MinValue"} & set(spec)
        # A list of ids/Regions/types is checked by the service that receives it.
        assert constrained or spec["Type"] == "CommaDelimitedList", parameter


@pytest.mark.parametrize(
    ("stackset", "body"),
    [
        ("MemberStackSet", MEMBER),
        ("CentralBackupStackSet", CENTRAL),
        ("AirGappedVaultStackSet", "central-air-gapped-vault.yaml"),
        ("BreakGlassStackSet", "break-glass-role.yaml"),
    ],
)
def test_stacksets_pass_what_the_bodies_take(stackset: str, body: str) -> None:
    properties = load("stacksets.yaml")["Resources"][stackset]["Properties"]
    passed = [p["ParameterKey"] for p in properties["Parameters"]]
    accepted = load(body)["Parameters"]
    assert len(passed) == len(set(passed))
    assert set(passed) <= set(accepted), sorted(set(passed) - set(accepted))
    required = {name for name, spec in accepted.items() if "Default" not in spec}
    assert required <= set(passed), sorted(required - set(passed))


def test_org_policies_reads_each_document_by_its_key() -> None:
    resources = load("org-policies.yaml")["Resources"]
    parameters = load("org-policies.yaml")["Parameters"]
    for file_name, (logical_id, key) in POLICY_RESOURCES.items():
        properties = resources[logical_id]["Properties"]
        assert properties["PolicyContent"] == {
            "S3": {
                "Bucket": {"Fn::Sub": "${ArtifactBucketPrefix}-${HomeAccountId}-${AWS::Region}"},
                "Key": {"Ref": key},
            }
        }
        stem = file_name.removesuffix(".json")
        assert parameters[key]["AllowedPattern"] == f"^$|^policies/{stem}-[0-9a-f]{{64}}\\.json$"
        assert properties["PolicyRegions"] == {"Ref": "PolicyRegions"}
        assert properties["PolicyTargets"] == {"Ref": "PolicyTargets"}


def test_restore_rule_matches_the_tag_on_restore_pattern() -> None:
    pattern_file = REPO / "functions" / "tag_on_restore" / "event_pattern.json"
    if not pattern_file.exists():
        pytest.skip("functions/tag_on_restore/event_pattern.json is not written yet")
    rule = load(MEMBER)["Resources"]["RestoreCompletedRule"]["Properties"]
    assert rule["EventPattern"] == json.loads(pattern_file.read_text())


# ---------------------------------------------------------------- roles the guardrail SCP names

SCP = "templates/scp-guardrails.yaml"


def _scp_patterns(name: str | None) -> tuple[list[RolePattern], set[str]]:
    """The guardrail SCP's role patterns, and the names of the roles no template creates."""
    found, external = [], set()
    for deployment in self_lockout.deployments(SCP, name):
        found += role_patterns(SCP, rendered_template(deployment))
        external |= {str(deployment.parameters[p]) for p in EXTERNAL_PARAMETERS}
    return found, external


def _all_roles(name: str | None) -> list[Role]:
    return [
        role
        for template in self_lockout.repository_templates()
        for deployment in self_lockout.deployments(template, name)
        for role in roles_of(deployment, rendered_template(deployment))
    ]


@pytest.mark.parametrize(
    "name", [None, self_lockout.example_name()], ids=["longest-name", "example-name"]
)
def test_roles_the_guardrails_name_have_names_of_their_own(name: str | None) -> None:
    """Every role the SCP exempts or protects has a RoleName (no undocumented truncation
    decides whether it matches), within IAM's limit, and every exemption names a real role."""
    patterns, external = _scp_patterns(name)
    roles = _all_roles(name)
    assert len(patterns) >= 15
    assert len(roles) >= 10
    # The roles the exemptions are for are among those matched.
    matched = {r.logical_id for r in roles if any(arn_matches(p.pattern, r.arn) for p in patterns)}
    assert {"RegionSettingsRole", "PipelineStackRole", "DeployRole", "BreakGlassRole"} <= matched
    assert problems(patterns, roles, external) == []


def test_roles_of_stacks_in_several_regions_are_named_per_region() -> None:
    checked = 0
    for template in self_lockout.repository_templates():
        if not multi_region(template):
            continue
        for deployment in self_lockout.deployments(template):
            here = roles_of(deployment, rendered_template(deployment))
            other = in_another_region(deployment)
            assert collisions(here, roles_of(other, rendered_template(other))) == []
            checked += sum(role.named for role in here)
    assert checked >= 1  # the member stacks' Region settings role


def _without_role_name(template: str, logical_id: str) -> tuple[Deployment, dict[str, Any]]:
    deployment = self_lockout.deployments(template, self_lockout.example_name())[0]
    raw = load(f"../{template}")
    del raw["Resources"][logical_id]["Properties"]["RoleName"]
    return deployment, render(raw, deployment)


def test_a_generated_name_the_guardrails_match_is_caught() -> None:
    """Known bad: the pipeline's build role without RoleName; its generated name happens to
    start with the exempt prefix, which nothing guarantees."""
    patterns, external = _scp_patterns(self_lockout.example_name())
    deployment, bad = _without_role_name("pipeline/pipeline.yaml", "BuildRole")
    found = problems(patterns, roles_of(deployment, bad), external)
    assert any(
        m.startswith("pipeline/pipeline.yaml BuildRole (base) arn:aws:iam::")
        and "a generated name, matched by templates/scp-guardrails.yaml BackupGuardrails "
        "statement 'ProtectPipelineRoles'"
        in m
        and "give the role a RoleName" in m
        for m in found
    ), found


def test_an_exemption_no_role_has_is_caught() -> None:
    """Known bad: the Region settings role with a generated name (StackSet-org-backup-member-
    <uuid>-..., cut to 64), which the exemption no longer names."""
    name = self_lockout.example_name()
    patterns, external = _scp_patterns(name)
    roles = [r for r in _all_roles(name) if r.logical_id != "RegionSettingsRole"]
    deployment, bad = _without_role_name("templates/member-account.yaml", "RegionSettingsRole")
    found = problems(patterns, [*roles, *roles_of(deployment, bad)], external)
    assert (
        "templates/scp-guardrails.yaml BackupGuardrails statement 'ProtectRegionSettings' "
        "aws:PrincipalArn arn:aws:iam::*:role/org-backup-region-settings-*: exempts a role no "
        "template creates under that name"
    ) in found, found


def test_a_role_name_without_the_region_is_caught() -> None:
    """Known bad: one Region settings role name for every Region of a member account."""
    deployment = self_lockout.deployments("templates/member-account.yaml")[0]
    raw = load("member-account.yaml")
    raw["Resources"]["RegionSettingsRole"]["Properties"]["RoleName"] = "org-backup-region-settings"
    other = in_another_region(deployment)
    found = collisions(
        roles_of(deployment, render(raw, deployment)), roles_of(other, render(raw, other))
    )
    assert found == [
        f"templates/member-account.yaml RegionSettingsRole ({other.label}) "
        f"arn:aws:iam::{deployment.account_id}:role/org-backup-region-settings: the stack in "
        "another Region creates the same name (templates/member-account.yaml RegionSettingsRole "
        f"(base) arn:aws:iam::{deployment.account_id}:role/org-backup-region-settings); put the "
        "Region in the RoleName"
    ]


def test_an_overlong_role_name_is_caught() -> None:
    role = Role("t.yaml", "R", "base", "arn:aws:iam::111111111111:role/" + "r" * 65, True)
    assert problems([], [role], []) == [
        f"t.yaml R (base) {role.arn}: RoleName is 65 characters > {ROLE_NAME_LIMIT}"
    ]
