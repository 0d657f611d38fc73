"""Template checks a security reviewer asks for, over every template in ``templates/``.

Each check walks the parsed templates (both sides of every ``Fn::If``), so a resource that
only exists under a condition, which checkov skips with default parameters, is checked too.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.templates import sar
from tests.templates.loader import TEMPLATES, Statement, as_list, branches, load, statements

NAMES = sorted(path.name for path in TEMPLATES.glob("*.yaml"))
EXPECTED = {
    "artifact-bucket.yaml",
    "audit-reports.yaml",
    "break-glass-role.yaml",
    "central-air-gapped-vault.yaml",
    "central-backup-account.yaml",
    "job-monitoring.yaml",
    "management-account.yaml",
    "member-account.yaml",
    "member-restore-testing.yaml",
    "org-policies.yaml",
    "scp-guardrails.yaml",
    "stacksets.yaml",
}
ALL_STATEMENTS = [statement for name in NAMES for statement in statements(name)]
ALLOWS = [statement for statement in ALL_STATEMENTS if statement.allows]
# Action name prefixes that only read; a wildcard is tolerated on these alone.
READ_ONLY = re.compile(r"^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]*\*?$")
# Organizations actions that take the organizations:PolicyType condition key.
POLICY_TYPED = {
    "organizations:AttachPolicy",
    "organizations:CreatePolicy",
    "organizations:DeletePolicy",
    "organizations:DescribeEffectivePolicy",
    "organizations:DescribePolicy",
    "organizations:DetachPolicy",
    "organizations:DisablePolicyType",
    "organizations:EnablePolicyType",
    "organizations:ListPolicies",
    "organizations:ListPoliciesForTarget",
    "organizations:ListTargetsForPolicy",
    "organizations:UpdatePolicy",
}
# Without that key: navigation and tag reads (read-only), and tagging (scoped by resource).
UNTYPED_READS = {
    "organizations:DescribeAccount",
    "organizations:DescribeOrganization",
    "organizations:DescribeOrganizationalUnit",
    "organizations:ListAccounts",
    "organizations:ListAccountsForParent",
    "organizations:ListAccountsWithInvalidEffectivePolicy",
    "organizations:ListChildren",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListParents",
    "organizations:ListRoots",
    "organizations:ListTagsForResource",
}
TAGGING = {"organizations:TagResource", "organizations:UntagResource"}


def resources_of(name: str, *types: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (logical_id, resource)
        for logical_id, resource in load(name)["Resources"].items()
        if resource["Type"] in types
    ]


def test_every_contract_template_exists() -> None:
    assert set(NAMES) >= EXPECTED


def test_the_walk_finds_the_policies() -> None:
    """Guard against a walker that silently finds nothing (every check below would pass)."""
    assert len(ALL_STATEMENTS) > 60
    assert {s.template for s in ALL_STATEMENTS} == EXPECTED - {"stacksets.yaml"}


def test_no_allow_statement_grants_every_action() -> None:
    offenders = [s.where for s in ALLOWS if "*" in s.actions or "NotAction" in s.body]
    assert offenders == []


def test_no_wildcard_on_write_actions() -> None:
    """Wildcards in action names only on read-only verbs; key policies' kms:* is the
    account-root administration statement every KMS key needs, and nothing else."""
    offenders = [
        f"{s.where}: {action}"
        for s in ALLOWS
        for action in s.actions
        if "*" in action
        and not READ_ONLY.match(action)
        and not (action == "kms:*" and s.body.get("Sid") == "AccountAdministersKeyThroughIam")
        and not (s.resource.endswith("Key") and re.match(r"^kms:[A-Z][a-zA-Z]+\*$", action))
    ]
    assert offenders == []


def test_kms_root_administration_is_the_own_account_only() -> None:
    for s in ALLOWS:
        if "kms:*" in s.actions:
            assert s.body["Principal"] == {
                "AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
            }, s.where


def test_actions_on_every_resource_are_conditioned_or_have_no_resource_type() -> None:
    """An Allow on Resource "*" needs a Condition, unless the Service Authorization Reference
    lists no resource type for the action (then "*" is the only choice)."""
    wide_on_purpose = {
        # Recovery point ARNs take each service's own form (EBS/RDS snapshots, DynamoDB
        # backups...), which the SAR's recovery-point type does not cover; read-only.
        "backup:DescribeRecoveryPoint",
    }
    offenders = [
        f"{s.where}: {action}"
        for s in ALLOWS
        if "*" in s.resources and "Condition" not in s.body and "Principal" not in s.body
        for action in s.actions
        if action not in wide_on_purpose
        and action not in UNTYPED_READS
        and any(found.arn_formats for found in sar.actions_matching(action))
    ]
    assert offenders == []


@pytest.mark.parametrize("name", NAMES)
def test_kms_keys_rotate_and_are_retained(name: str) -> None:
    for logical_id, key in resources_of(name, "AWS::KMS::Key"):
        assert key["Properties"].get("EnableKeyRotation") is True, logical_id
        assert key.get("DeletionPolicy") == "Retain", logical_id
        assert key.get("UpdateReplacePolicy") == "Retain", logical_id


@pytest.mark.parametrize("name", NAMES)
def test_vaults_have_an_access_policy_and_are_retained(name: str) -> None:
    vault_types = ("AWS::Backup::BackupVault", "AWS::Backup::LogicallyAirGappedBackupVault")
    for logical_id, vault in resources_of(name, *vault_types):
        assert vault.get("DeletionPolicy") == "Retain", logical_id
        policy = vault["Properties"]["AccessPolicy"]
        assert policy["Statement"], logical_id
        if vault["Type"] == "AWS::Backup::BackupVault":
            # Its own customer managed key: cross-account copy needs one.
            assert vault["Properties"]["EncryptionKeyArn"] == {"Fn::GetAtt": [_key_of(name), "Arn"]}


def _key_of(name: str) -> str:
    keys = [k for k, _ in resources_of(name, "AWS::KMS::Key") if "Vault" in k]
    assert len(keys) == 1, keys
    return keys[0]


VAULT_TYPES = ("AWS::Backup::BackupVault", "AWS::Backup::LogicallyAirGappedBackupVault")
# The denies every vault policy holds: Sid -> (actions, the roles of the vault's account that
# are exempt). The policy itself stays changeable by the StackSet that deploys it
# (tests/templates/self_lockout/guards.py).
VAULT_DENIES = {
    "OnlyBreakGlassDeletesRecoveryPoints": (
        {"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"},
        ["${BreakGlassRoleName}"],
    ),
    "OnlyDeployerAndBreakGlassChangeThisPolicy": (
        {"backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"},
        ["${BreakGlassRoleName}", "stacksets-exec-*"],
    ),
}
ORGANIZATION_ONLY = {"StringEquals": {"aws:PrincipalOrgID": {"Ref": "OrganizationId"}}}


def vaults(template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every backup vault of a template, of either type."""
    return [
        (logical_id, resource)
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] in VAULT_TYPES
    ]


def _exempt_roles(statement: dict[str, Any]) -> list[str] | None:
    """The role names of the statement's only condition, ``ArnNotLike aws:PrincipalArn`` on
    roles of the vault's own account; None if the condition is anything else."""
    condition = statement.get("Condition", {})
    if list(condition) != ["ArnNotLike"] or list(condition["ArnNotLike"]) != ["aws:PrincipalArn"]:
        return None
    arns = condition["ArnNotLike"]["aws:PrincipalArn"]
    subs = [a.get("Fn::Sub") if isinstance(a, dict) else None for a in as_list(arns)]
    own = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
    if not all(isinstance(s, str) and s.startswith(own) for s in subs):
        return None
    return [str(s).removeprefix(own) for s in subs]


def _deny_problems(where: str, statement: dict[str, Any]) -> list[str]:
    actions, exempt = VAULT_DENIES[statement["Sid"]]
    found = []
    if statement.get("Principal") != "*" or statement.get("Resource") != "*":
        found.append(f'{where}: must deny Principal "*" on Resource "*"')
    if set(as_list(statement.get("Action"))) != actions:
        found.append(f"{where}: Action must be {sorted(actions)}")
    roles = _exempt_roles(statement)
    if roles != exempt:
        found.append(
            f"{where}: Condition must be ArnNotLike aws:PrincipalArn on the account's roles "
            f"{exempt}, not {json.dumps(statement.get('Condition'))}"
        )
    return found


def _allow_problems(where: str, statement: dict[str, Any]) -> list[str]:
    found = []
    if as_list(statement.get("Action")) != ["backup:CopyIntoBackupVault"]:
        found.append(f"{where}: an Allow may grant backup:CopyIntoBackupVault only")
    if statement.get("Condition") != ORGANIZATION_ONLY:
        found.append(
            f"{where}: Condition must be StringEquals aws:PrincipalOrgID = OrganizationId "
            f"(copies from the organization only), not {json.dumps(statement.get('Condition'))}"
        )
    return found


def vault_policy_problems(name: str, template: dict[str, Any]) -> list[str]:
    """Each vault's access policy: only the organization copies in, only break-glass deletes
    recovery points, only the deployer and break-glass change the policy."""
    found = []
    for logical_id, vault in vaults(template):
        policy = vault["Properties"].get("AccessPolicy")
        if not isinstance(policy, dict):
            found.append(f"{name} {logical_id}: AccessPolicy missing or not a document")
            continue
        seen = set()
        for statement in as_list(policy.get("Statement")):
            sid = statement.get("Sid", "(no Sid)")
            where = f"{name} {logical_id} AccessPolicy statement {sid!r}"
            if statement.get("Effect") == "Allow":
                found += _allow_problems(where, statement)
            elif sid in VAULT_DENIES:
                seen.add(sid)
                found += _deny_problems(where, statement)
            else:
                found.append(f"{where}: a Deny this check does not know")
        for sid in sorted(set(VAULT_DENIES) - seen):
            found.append(f"{name} {logical_id} AccessPolicy: no {sid!r} Deny statement")
    return found


def test_every_template_is_checked_for_vaults() -> None:
    """Guard against a walk that finds no vault (the checks below would pass)."""
    found = {(name, logical_id) for name in NAMES for logical_id, _ in vaults(load(name))}
    assert found == {
        ("member-account.yaml", "MemberVault"),
        ("central-backup-account.yaml", "CentralVault"),
        ("central-air-gapped-vault.yaml", "AirGappedVault"),
    }


@pytest.mark.parametrize("name", NAMES)
def test_vault_policies_let_only_the_organization_in_and_only_break_glass_delete(
    name: str,
) -> None:
    assert vault_policy_problems(name, load(name)) == []


def _air_gapped() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    template = load("central-air-gapped-vault.yaml")
    policy = template["Resources"]["AirGappedVault"]["Properties"]["AccessPolicy"]
    return template, policy["Statement"]


def test_a_vault_open_to_other_organizations_is_caught() -> None:
    """Known bad: StringNotEquals lets every account outside the organization copy in."""
    template, statements_ = _air_gapped()
    allow = next(s for s in statements_ if s["Effect"] == "Allow")
    allow["Condition"] = {"StringNotEquals": allow["Condition"]["StringEquals"]}
    found = vault_policy_problems("central-air-gapped-vault.yaml", template)
    assert len(found) == 1, found
    assert found[0].startswith(
        "central-air-gapped-vault.yaml AirGappedVault AccessPolicy statement "
        "'OrganizationCopiesIn': Condition must be StringEquals aws:PrincipalOrgID"
    ), found
    assert '"StringNotEquals"' in found[0]


def test_a_vault_without_the_break_glass_denies_is_caught() -> None:
    """Known bad: the air-gapped vault's policy as it was, an Allow and no Deny."""
    template, statements_ = _air_gapped()
    statements_[:] = [s for s in statements_ if s["Effect"] == "Allow"]
    assert vault_policy_problems("central-air-gapped-vault.yaml", template) == [
        "central-air-gapped-vault.yaml AirGappedVault AccessPolicy: no "
        "'OnlyBreakGlassDeletesRecoveryPoints' Deny statement",
        "central-air-gapped-vault.yaml AirGappedVault AccessPolicy: no "
        "'OnlyDeployerAndBreakGlassChangeThisPolicy' Deny statement",
    ]


def test_a_deny_with_a_wider_exemption_is_caught() -> None:
    """Known bad: the recovery point deny exempting every role of the account."""
    template = load("member-account.yaml")
    policy = template["Resources"]["MemberVault"]["Properties"]["AccessPolicy"]
    deny = next(s for s in policy["Statement"] if s["Sid"] == "OnlyBreakGlassDeletesRecoveryPoints")
    deny["Condition"]["ArnNotLike"]["aws:PrincipalArn"] = {
        "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"
    }
    found = vault_policy_problems("member-account.yaml", template)
    assert len(found) == 1, found
    assert found[0].startswith(
        "member-account.yaml MemberVault AccessPolicy statement "
        "'OnlyBreakGlassDeletesRecoveryPoints': Condition must be ArnNotLike aws:PrincipalArn "
        "on the account's roles ['${BreakGlassRoleName}']"
    ), found


def guarded_vault_problems(scp: dict[str, Any], templates: dict[str, dict[str, Any]]) -> list[str]:
    """Every vault's name parameter is one the SCP's ProtectSolutionVaults names."""
    statement = next(
        s
        for s in scp["Resources"]["BackupGuardrails"]["Properties"]["Content"]["Statement"]
        if s["Sid"] == "ProtectSolutionVaults"
    )
    guarded = {r["Fn::Sub"].rsplit(":backup-vault:", 1)[1] for r in as_list(statement["Resource"])}
    found = []
    for name, template in templates.items():
        for logical_id, vault in vaults(template):
            vault_name = vault["Properties"]["BackupVaultName"]
            parameter = vault_name.get("Ref") if isinstance(vault_name, dict) else None
            if parameter is None or "${" + parameter + "}" not in guarded:
                found.append(
                    f"{name} {logical_id}: BackupVaultName {json.dumps(vault_name)} is not in "
                    "scp-guardrails.yaml BackupGuardrails statement 'ProtectSolutionVaults' "
                    f"Resource {sorted(guarded)}: anyone may delete the vault or change its policy"
                )
            elif parameter not in scp["Parameters"]:
                found.append(f"{name} {logical_id}: scp-guardrails.yaml has no {parameter}")
    return found


def test_the_guardrails_protect_every_vault() -> None:
    assert guarded_vault_problems(load("scp-guardrails.yaml"), {n: load(n) for n in NAMES}) == []


def test_a_vault_the_guardrails_miss_is_caught() -> None:
    """Known bad: the SCP as it was, without the air-gapped vault."""
    scp = load("scp-guardrails.yaml")
    statement = next(
        s
        for s in scp["Resources"]["BackupGuardrails"]["Properties"]["Content"]["Statement"]
        if s["Sid"] == "ProtectSolutionVaults"
    )
    statement["Resource"] = [r for r in statement["Resource"] if "AirGapped" not in r["Fn::Sub"]]
    found = guarded_vault_problems(scp, {n: load(n) for n in NAMES})
    assert found == [
        'central-air-gapped-vault.yaml AirGappedVault: BackupVaultName {"Ref": '
        '"AirGappedVaultName"} is not in scp-guardrails.yaml BackupGuardrails statement '
        "'ProtectSolutionVaults' Resource ['${CentralVaultName}', '${MemberVaultName}']: anyone "
        "may delete the vault or change its policy"
    ]


def _organizations_statements() -> list[Statement]:
    return [
        s
        for name in ("org-policies.yaml", "management-account.yaml")
        for s in statements(name)
        if s.allows and any(a.startswith("organizations:") for a in s.actions)
    ]


def test_policy_manager_is_limited_to_backup_policies() -> None:
    found = _organizations_statements()
    assert len(found) >= 12  # both templates' role policies and the delegation policy
    for s in found:
        actions = set(s.actions)
        if actions & POLICY_TYPED:
            assert actions <= POLICY_TYPED, s.where
            assert s.body["Condition"] == {
                "StringEquals": {"organizations:PolicyType": "BACKUP_POLICY"}
            }, s.where
        elif actions & TAGGING:
            assert actions <= TAGGING, s.where
            assert all("/backup_policy/*" in r["Fn::Sub"] for r in s.resources), s.where
        else:
            assert actions <= UNTYPED_READS, f"{s.where}: {sorted(actions - UNTYPED_READS)}"


def test_policy_manager_can_do_its_job() -> None:
    """The actions DESIGN §4.1 needs are all granted, in both ways of granting them."""
    needed = {
        "organizations:DescribeOrganization",
        "organizations:DescribePolicy",
        "organizations:ListPolicies",
        "organizations:ListPoliciesForTarget",
        "organizations:ListTargetsForPolicy",
        "organizations:ListRoots",
        "organizations:ListChildren",
        "organizations:ListTagsForResource",
        "organizations:CreatePolicy",
        "organizations:UpdatePolicy",
        "organizations:DeletePolicy",
        "organizations:AttachPolicy",
        "organizations:DetachPolicy",
        "organizations:TagResource",
        "organizations:UntagResource",
        "organizations:EnablePolicyType",
    }
    for name, resource in [
        ("org-policies.yaml", "OrganizationsAccessPolicy"),
        ("management-account.yaml", "PolicyManagerRole"),
        ("management-account.yaml", "BackupPolicyDelegation"),
    ]:
        granted = {a for s in statements(name) if s.resource == resource for a in s.actions}
        assert needed <= granted, (name, resource, sorted(needed - granted))
    reads = {
        a
        for s in statements("org-policies.yaml")
        if s.resource == "PolicyManagerRole"
        for a in s.actions
    }
    assert "s3:GetObject" in reads


def test_policy_manager_reads_only_the_policies_prefix() -> None:
    (read,) = [s for s in statements("org-policies.yaml") if "s3:GetObject" in s.actions]
    assert read.resources == [
        {
            "Fn::Sub": "arn:${AWS::Partition}:s3:::"
            "${ArtifactBucketPrefix}-${HomeAccountId}-${AWS::Region}/policies/*"
        }
    ]


def test_stacksets_are_service_managed_with_auto_deployment() -> None:
    stacksets = resources_of("stacksets.yaml", "AWS::CloudFormation::StackSet")
    assert len(stacksets) == 6
    for logical_id, stackset in stacksets:
        properties = stackset["Properties"]
        assert properties["PermissionModel"] == "SERVICE_MANAGED", logical_id
        assert properties["AutoDeployment"] == {
            "Enabled": True,
            "RetainStacksOnAccountRemoval": True,
        }, logical_id
        assert properties["CallAs"] == {"Ref": "CallAs"}, logical_id
        assert stackset.get("DeletionPolicy") == "Retain", logical_id
        # Content-addressed template URLs: no inline body that changes on every render.
        assert "TemplateBody" not in properties, logical_id
    assert load("stacksets.yaml")["Resources"]["MemberStackSet"]["DependsOn"] == (
        "CentralBackupStackSet"
    )


@pytest.mark.parametrize("name", NAMES)
def test_functions_use_current_runtime_and_content_addressed_code(name: str) -> None:
    code_keys = {
        "backup_org_policy_manager.app.handler": "PolicyManagerCodeKey",
        "tag_on_restore.app.handler": "TagOnRestoreCodeKey",
        "backup_region_settings.app.handler": "RegionSettingsCodeKey",
        "restore_validation.app.handler": "RestoreValidationCodeKey",
        "job_summary.app.handler": "JobSummaryCodeKey",
    }
    parameters = load(name).get("Parameters", {})
    for logical_id, function in resources_of(name, "AWS::Lambda::Function"):
        properties = function["Properties"]
        assert properties["Runtime"] == "python3.13", logical_id
        assert properties["Architectures"] == ["x86_64"], logical_id
        key = code_keys[properties["Handler"]]
        assert properties["Code"] == {
            "S3Bucket": {"Fn::Sub": "${ArtifactBucketPrefix}-${HomeAccountId}-${AWS::Region}"},
            "S3Key": {"Ref": key},
        }, logical_id
        assert parameters[key]["AllowedPattern"].endswith("-[0-9a-f]{64}\\.zip$"), key
        assert parameters["ArtifactBucketPrefix"]["Default"] == "org-backup-artifacts"
        assert parameters["HomeAccountId"]["AllowedPattern"] == "^[0-9]{12}$"
        log_group = properties["LoggingConfig"]["LogGroup"]["Ref"]
        assert load(name)["Resources"][log_group]["Properties"]["RetentionInDays"]


def test_member_failure_queue_and_topic_are_encrypted() -> None:
    resources = load("member-account.yaml")["Resources"]
    assert resources["TagOnRestoreFailureQueue"]["Properties"]["KmsMasterKeyId"] == {
        "Ref": "OperationsKey"
    }
    assert resources["FailureTopic"]["Properties"]["KmsMasterKeyId"] == {"Ref": "OperationsKey"}
    destination = resources["TagOnRestoreInvokeConfig"]["Properties"]["DestinationConfig"]
    assert destination["OnFailure"]["Destination"] == {
        "Fn::GetAtt": ["TagOnRestoreFailureQueue", "Arn"]
    }


def _guardrails() -> dict[str, dict[str, Any]]:
    content = load("scp-guardrails.yaml")["Resources"]["BackupGuardrails"]["Properties"]
    assert content["Type"] == "SERVICE_CONTROL_POLICY"
    return {s["Sid"]: s for s in content["Content"]["Statement"]}


def test_guardrails_protect_keys_and_policies() -> None:
    by_sid = _guardrails()
    assert all(s["Effect"] == "Deny" for s in by_sid.values())
    assert "kms:ScheduleKeyDeletion" in by_sid["ProtectSolutionKeys"]["Action"]
    assert by_sid["ProtectBackupPolicies"]["Condition"]["StringEquals"] == {
        "organizations:PolicyType": "BACKUP_POLICY"
    }
    assert by_sid["ProtectRegionSettings"]["Action"] == "backup:UpdateRegionSettings"
    # backup:CopyTargets is carried by CopyFromBackupVault alone (the SAR).
    copies = by_sid["CopiesStayInTheOrganization"]
    assert copies["Action"] == "backup:CopyFromBackupVault"
    assert "backup:CopyTargets" in copies["Condition"]["ForAnyValue:ArnNotLike"]


def _exempt(statement: dict[str, Any]) -> list[str]:
    arns = statement["Condition"]["ArnNotLike"]["aws:PrincipalArn"]
    return [a["Fn::Sub"] for a in (arns if isinstance(arns, list) else [arns])]


def test_guardrails_exempt_only_roles_they_protect() -> None:
    """Exemptions go by role name: every role an exemption names is one that only the
    exempt principals may create, change or pass."""
    by_sid = _guardrails()
    protected = {
        r["Fn::Sub"]
        for sid in ("ProtectStackSetRoles", "ProtectPipelineRoles")
        for r in by_sid[sid]["Resource"]
    }
    for sid, statement in by_sid.items():
        if sid == "CopiesStayInTheOrganization":
            continue
        for role in _exempt(statement):
            assert role in protected, (sid, role)
    # No wildcard account for the home account's roles.
    for role in _exempt(by_sid["ProtectPipelineRoles"]) + _exempt(by_sid["ProtectPipelineStacks"]):
        assert ":iam::${HomeAccountId}:role/" in role


def test_branches_flattens_conditions() -> None:
    node = {"Fn::If": ["C", {"Fn::If": ["D", 1, 2]}, 3]}
    assert branches(node) == [1, 2, 3]
