"""Template checks a security reviewer asks for, over every template in ``templates/``.

Each check walks the parsed templates (both sides of every ``Fn::If``), so a resource that
only exists under a condition, which checkov skips with default parameters, is checked too.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.templates import sar
from tests.templates.loader import TEMPLATES, Statement, branches, load, statements

NAMES = sorted(path.name for path in TEMPLATES.glob("*.yaml"))
EXPECTED = {
    "artifact-bucket.yaml",
    "break-glass-role.yaml",
    "central-air-gapped-vault.yaml",
    "central-backup-account.yaml",
    "management-account.yaml",
    "member-account.yaml",
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


@pytest.mark.parametrize("name", ["member-account.yaml", "central-backup-account.yaml"])
def test_only_break_glass_deletes_recovery_points(name: str) -> None:
    (_, vault), *_ = resources_of(name, "AWS::Backup::BackupVault")
    denies = {
        s["Sid"]: s
        for s in vault["Properties"]["AccessPolicy"]["Statement"]
        if s["Effect"] == "Deny"
    }
    assert set(denies) == {
        "OnlyBreakGlassDeletesRecoveryPoints",
        "OnlyDeployerAndBreakGlassChangeThisPolicy",
    }
    recovery_points = denies["OnlyBreakGlassDeletesRecoveryPoints"]
    assert recovery_points["Principal"] == "*"
    assert set(recovery_points["Action"]) == {
        "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle",
    }
    exempt = recovery_points["Condition"]["ArnNotLike"]["aws:PrincipalArn"]["Fn::Sub"]
    assert exempt.endswith(":role/${BreakGlassRoleName}")
    # The policy itself: also the StackSet that deploys it (tests/templates/self_lockout/guards.py).
    policy = denies["OnlyDeployerAndBreakGlassChangeThisPolicy"]
    assert policy["Principal"] == "*"
    assert set(policy["Action"]) == {
        "backup:PutBackupVaultAccessPolicy",
        "backup:DeleteBackupVaultAccessPolicy",
    }
    roles = [entry["Fn::Sub"] for entry in policy["Condition"]["ArnNotLike"]["aws:PrincipalArn"]]
    assert [role.rsplit(":role/", 1)[1] for role in roles] == [
        "${BreakGlassRoleName}",
        "stacksets-exec-*",
    ]
    assert all(":iam::${AWS::AccountId}:" in role for role in roles)


def test_central_vault_accepts_copies_from_the_organization_only() -> None:
    (_, vault), *_ = resources_of("central-backup-account.yaml", "AWS::Backup::BackupVault")
    allows = [s for s in vault["Properties"]["AccessPolicy"]["Statement"] if s["Effect"] == "Allow"]
    assert [s["Action"] for s in allows] == ["backup:CopyIntoBackupVault"]
    assert allows[0]["Condition"] == {
        "StringEquals": {"aws:PrincipalOrgID": {"Ref": "OrganizationId"}}
    }


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
    assert len(stacksets) == 4
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
