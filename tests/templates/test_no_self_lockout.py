"""Check 2g over every template (longest names and the example configuration's name), the
designs that locked deployers out before as known-bad input, and the IAM rules it relies on."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from local.deploy.config import load_config
from local.deploy.template_configs import parameter_values
from tests.templates import self_lockout
from tests.templates.deployments import ACCOUNTS
from tests.templates.evaluator import (
    ANY_RESOURCE,
    Request,
    UnsupportedConditionError,
    condition_holds,
    statement_applies,
)
from tests.templates.intrinsics import rendered
from tests.templates.loader import REPO, load
from tests.templates.self_lockout import Guard, Lockout, calls_of, guards_of, lockouts

MEMBER = "templates/member-account.yaml"
SCP = "templates/scp-guardrails.yaml"
PIPELINE = "pipeline/pipeline.yaml"
MEMBER_ACCOUNT = ACCOUNTS["member"]
HOME = ACCOUNTS["home"]


def _report(found: list[Lockout]) -> str:
    shown = "\n".join(f"  {lockout}" for lockout in found[:20])
    more = f"\n  ... and {len(found) - 20} more" if len(found) > 20 else ""
    return f"{len(found)} request(s) of a deployer denied:\n{shown}{more}"


@pytest.mark.parametrize(
    "name", [None, self_lockout.example_name()], ids=["longest-name", "example-name"]
)
def test_no_deployer_is_denied_what_its_handlers_need(name: str | None) -> None:
    calls = self_lockout.repository_calls(name)
    guards = self_lockout.repository_guards(name)
    assert {g.kind for g in guards} == {"scp", "resource"}
    assert len(calls) > 1000
    found = lockouts(guards, calls)
    assert found == [], _report(found)


# ---------------------------------------------------------------- known-bad designs

# The member vault's access policy before the fix (commit c43d67c): the policy denied changing
# itself to all but the break-glass role, the StackSets execution role included.
ORIGINAL_VAULT_DENY: dict[str, Any] = {
    "Sid": "OnlyBreakGlassDeletesRecoveryPoints",
    "Effect": "Deny",
    "Principal": "*",
    "Action": [
        "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle",
        "backup:PutBackupVaultAccessPolicy",
        "backup:DeleteBackupVaultAccessPolicy",
    ],
    "Resource": "*",
    "Condition": {
        "ArnNotLike": {
            "aws:PrincipalArn": f"arn:aws:iam::{MEMBER_ACCOUNT}:role/org-backup-break-glass"
        }
    },
}


def _member() -> Any:
    return self_lockout.deployments(MEMBER)[0]


def test_the_original_vault_policy_locks_its_stackset_out() -> None:
    deployment = _member()
    guards = [
        replace(g, statements=(ORIGINAL_VAULT_DENY,)) if g.logical_id == "MemberVault" else g
        for g in guards_of(deployment, self_lockout.scp_accounts())
    ]
    found = lockouts(guards, calls_of(deployment))
    messages = [str(f) for f in found]
    assert messages, "the original vault policy must fail the check"
    denied = {
        (f.guard.logical_id, f.sid, f.call.principal.label, f.call.request.action) for f in found
    }
    assert (
        "MemberVault",
        "OnlyBreakGlassDeletesRecoveryPoints",
        "StackSets execution role",
        "backup:PutBackupVaultAccessPolicy",
    ) in denied
    assert any(
        "templates/member-account.yaml MemberVault statement 'OnlyBreakGlassDeletesRecoveryPoints'"
        " denies StackSets execution role"
        in m
        and "ArnNotLike aws:PrincipalArn" in m
        for m in messages
    ), messages


def _scp_guard(*statements: dict[str, Any]) -> Guard:
    return Guard(SCP, "BackupGuardrails", "scp", statements, accounts=self_lockout.scp_accounts())


def test_an_scp_denying_the_pipeline_roles_locks_the_bootstrap_out() -> None:
    name = self_lockout.example_name()
    deny = {
        "Sid": "ProtectExemptRoles",
        "Effect": "Deny",
        "Action": ["iam:CreateRole", "iam:PutRolePolicy"],
        "Resource": [f"arn:aws:iam::*:role/{name}-pipeline-*"],
        "Condition": {"ArnNotLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/stacksets-exec-*"]}},
    }
    deployment = self_lockout.deployments(PIPELINE, name)[0]
    found = lockouts([_scp_guard(deny)], calls_of(deployment, name))
    denied = {(f.call.principal.label, f.call.request.action) for f in found}
    assert ("bootstrap principal", "iam:CreateRole") in denied, [str(f) for f in found]
    message = next(str(f) for f in found if f.call.request.action == "iam:CreateRole")
    assert (
        "templates/scp-guardrails.yaml BackupGuardrails statement 'ProtectExemptRoles'" in message
    )
    assert f"role/{name}-pipeline-" in message
    assert "(create handler)" in message


def test_an_scp_denying_stackset_changes_locks_the_deploy_role_out() -> None:
    deny = {
        "Sid": "NoStackSets",
        "Effect": "Deny",
        "Action": "cloudformation:*StackSet*",
        "Resource": "*",
    }
    deployment = self_lockout.deployments("templates/stacksets.yaml")[0]
    found = lockouts([_scp_guard(deny)], calls_of(deployment))
    assert {"cloudformation:CreateStackSet", "cloudformation:UpdateStackSet"} <= {
        f.call.request.action for f in found if f.call.principal.label == "pipeline role DeployRole"
    }


def test_an_scp_denying_region_settings_locks_the_custom_resource_out() -> None:
    deny = {
        "Sid": "ProtectRegionSettings",
        "Effect": "Deny",
        "Action": "backup:UpdateRegionSettings",
        "Resource": "*",
        "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/stacksets-exec-*"}},
    }
    found = lockouts([_scp_guard(deny)], calls_of(_member()))
    assert [(f.call.principal.label, f.call.deploying) for f in found] == [
        ("function RegionSettingsFunction", f"{MEMBER} BackupRegionSettings (custom resource)")
    ]


def test_a_key_policy_that_does_not_delegate_to_the_account_locks_the_key_out() -> None:
    deployment = _member()
    central_only = {
        "Sid": "CentralOnly",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNTS['central']}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }
    guards = [
        replace(g, statements=(central_only,)) if g.logical_id == "VaultKey" else g
        for g in guards_of(deployment, self_lockout.scp_accounts())
    ]
    found = lockouts(guards, calls_of(deployment))
    assert ("VaultKey", "(no Allow)", "kms:PutKeyPolicy") in {
        (f.guard.logical_id, f.sid, f.call.request.action) for f in found
    }


def test_an_scp_does_not_restrict_the_management_account() -> None:
    deny_all = {"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}
    deployment = self_lockout.deployments(SCP)[0]
    assert deployment.account_id == ACCOUNTS["management"]
    assert lockouts([_scp_guard(deny_all)], calls_of(deployment)) == []


# ---------------------------------------------------------------- the guardrails still guard


def _scp_statements() -> dict[str, dict[str, Any]]:
    deployment = self_lockout.deployments(SCP, self_lockout.example_name())[0]
    content = rendered(deployment)["Resources"]["BackupGuardrails"]["Properties"]["Content"]
    return {s["Sid"]: s for s in content["Statement"]}


def _request(
    principal: str, action: str, resource: str, targets: tuple[str, ...] | None = None
) -> Request:
    account = principal.split(":")[4]
    context: dict[str, tuple[str, ...]] = {
        "aws:PrincipalArn": (principal,),
        "aws:PrincipalAccount": (account,),
    }
    if targets is not None:
        context["backup:CopyTargets"] = targets
    return Request(principal, action, resource, context)


ADMIN = f"arn:aws:iam::{MEMBER_ACCOUNT}:role/Admin"
EXEC = f"arn:aws:iam::{MEMBER_ACCOUNT}:role/{self_lockout.EXECUTION_ROLE_NAME}"


def _vault() -> str:
    name = str(
        self_lockout.deployments(SCP, self_lockout.example_name())[0].parameters["MemberVaultName"]
    )
    return f"arn:aws:backup:eu-west-1:{MEMBER_ACCOUNT}:backup-vault:{name}"


@pytest.mark.parametrize(
    ("sid", "request_", "denied"),
    [
        (
            "ProtectSolutionVaults",
            lambda: _request(ADMIN, "backup:PutBackupVaultAccessPolicy", _vault()),
            True,
        ),
        (
            "ProtectSolutionVaults",
            lambda: _request(EXEC, "backup:PutBackupVaultAccessPolicy", _vault()),
            False,
        ),
        (
            "ProtectSolutionVaults",
            lambda: _request(ADMIN, "backup:DeleteBackupVaultLockConfiguration", _vault()),
            True,
        ),
        (
            "ProtectRegionSettings",
            lambda: _request(ADMIN, "backup:UpdateRegionSettings", ANY_RESOURCE),
            True,
        ),
        (
            "ProtectRegionSettings",
            lambda: _request(
                f"arn:aws:iam::{MEMBER_ACCOUNT}:role/StackSet-org-backup-member-0f1e2d3c-RegionSe-ABCDEFGHJKMNP",
                "backup:UpdateRegionSettings",
                ANY_RESOURCE,
            ),
            False,
        ),
        (
            "CopiesStayInTheOrganization",
            lambda: _request(
                ADMIN,
                "backup:CopyFromBackupVault",
                "*",
                ("arn:aws:backup:eu-west-1:999999999999:backup-vault:elsewhere",),
            ),
            True,
        ),
        (
            "CopiesStayInTheOrganization",
            lambda: _request(
                ADMIN,
                "backup:CopyFromBackupVault",
                "*",
                (f"arn:aws:backup:eu-west-1:{ACCOUNTS['central']}:backup-vault:central",),
            ),
            False,
        ),
        (
            "CopiesStayInTheOrganization",
            lambda: _request(
                f"arn:aws:iam::{ACCOUNTS['central']}:role/BackupRole",
                "backup:CopyFromBackupVault",
                "*",
                (f"arn:aws:backup:eu-west-1:{MEMBER_ACCOUNT}:backup-vault:member",),
            ),
            False,
        ),
        (
            "ProtectStackSetRoles",
            lambda: _request(
                ADMIN, "iam:CreateRole", f"arn:aws:iam::{MEMBER_ACCOUNT}:role/stacksets-exec-x"
            ),
            True,
        ),
        (
            "OnlyThePipelineChangesStackSets",
            lambda: _request(
                f"arn:aws:iam::{HOME}:role/Admin", "cloudformation:CreateStackSet", ANY_RESOURCE
            ),
            True,
        ),
        (
            "ProtectPipelineStacks",
            lambda: _request(
                f"arn:aws:iam::{HOME}:role/Admin",
                "cloudformation:UpdateStack",
                f"arn:aws:cloudformation:eu-west-1:{HOME}:stack/org-backup-stacksets/0f1e2d3c",
            ),
            True,
        ),
    ],
)
def test_the_guardrails_deny_everyone_else(sid: str, request_: Any, denied: bool) -> None:
    statement = _scp_statements()[sid]
    assert statement_applies(statement, request_()) is denied


def test_the_vault_policies_still_deny_everyone_else() -> None:
    for template, vault in (
        (MEMBER, "MemberVault"),
        ("templates/central-backup-account.yaml", "CentralVault"),
    ):
        deployment = self_lockout.deployments(template)[0]
        policy = rendered(deployment)["Resources"][vault]["Properties"]["AccessPolicy"]
        account = deployment.account_id
        admin = f"arn:aws:iam::{account}:role/Admin"
        for action in ("backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy"):
            request = _request(admin, action, f"arn:aws:backup:eu-west-1:{account}:backup-vault:v")
            assert any(
                statement_applies(s, request) for s in policy["Statement"] if s["Effect"] == "Deny"
            ), (
                template,
                action,
            )


# ---------------------------------------------------------------- the evaluator


def _ctx(context: dict[str, tuple[str, ...]] | None = None) -> Request:
    return Request(EXEC, "backup:CopyFromBackupVault", "*", context or {})


TWO_TARGETS: dict[str, tuple[str, ...]] = {
    "backup:CopyTargets": ("arn:aws:backup:r:1:backup-vault:a", "arn:aws:backup:r:2:backup-vault:b")
}


@pytest.mark.parametrize(
    ("condition", "request_", "holds"),
    [
        # A key absent from the request: no match; a negated operator holds.
        ({"StringEquals": {"aws:SourceAccount": "1"}}, _ctx(), False),
        ({"StringNotEquals": {"aws:SourceAccount": "1"}}, _ctx(), True),
        ({"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::x"}}, _ctx(), True),
        ({"StringNotEqualsIfExists": {"aws:SourceAccount": "1"}}, _ctx(), True),
        ({"StringEqualsIfExists": {"aws:SourceAccount": "1"}}, _ctx(), True),
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}, _ctx(), True),
        ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}, _ctx(), False),
        ({"Null": {"aws:SourceAccount": "true"}}, _ctx(), True),
        ({"Null": {"aws:SourceAccount": "false"}}, _ctx(), False),
        # Present keys: a negated operator holds when no policy value matches.
        (
            {"StringNotEquals": {"aws:SourceAccount": ["1", "2"]}},
            _ctx({"aws:SourceAccount": ("2",)}),
            False,
        ),
        (
            {"StringNotEquals": {"aws:SourceAccount": ["1", "2"]}},
            _ctx({"aws:SourceAccount": ("3",)}),
            True,
        ),
        (
            {"StringEqualsIgnoreCase": {"aws:username": "BOB"}},
            _ctx({"aws:username": ("bob",)}),
            True,
        ),
        ({"StringEquals": {"AWS:USERNAME": "bob"}}, _ctx({"aws:username": ("bob",)}), True),
        ({"StringEquals": {"aws:username": "BOB"}}, _ctx({"aws:username": ("bob",)}), False),
        ({"StringLike": {"aws:username": "b?b*"}}, _ctx({"aws:username": ("bobby",)}), True),
        (
            {"Bool": {"aws:SecureTransport": "false"}},
            _ctx({"aws:SecureTransport": ("true",)}),
            False,
        ),
        ({"NumericLessThan": {"s3:max-keys": "10"}}, _ctx({"s3:max-keys": ("9",)}), True),
        (
            {
                "ForAnyValue:ArnNotLike": {
                    "backup:CopyTargets": ["arn:aws:backup:*:1:backup-vault:*"]
                }
            },
            _ctx(TWO_TARGETS),
            True,
        ),
        (
            {
                "ForAllValues:ArnNotLike": {
                    "backup:CopyTargets": ["arn:aws:backup:*:1:backup-vault:*"]
                }
            },
            _ctx(TWO_TARGETS),
            False,
        ),
        # ARN parts are matched one by one: "*" does not span a colon.
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:backup:*:backup-vault:x"}},
            _ctx({"aws:SourceArn": ("arn:aws:backup:r:1:backup-vault:x",)}),
            False,
        ),
        # Policy variables.
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:backup:*:${aws:PrincipalAccount}:*"}},
            _ctx(
                {
                    "aws:SourceArn": ("arn:aws:backup:r:1:backup-vault:x",),
                    "aws:PrincipalAccount": ("1",),
                }
            ),
            True,
        ),
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:backup:*:${aws:PrincipalAccount}:*"}},
            _ctx({"aws:SourceArn": ("arn:aws:backup:r:1:backup-vault:x",)}),
            False,
        ),
    ],
)
def test_conditions_follow_iam(condition: dict[str, Any], request_: Request, holds: bool) -> None:
    assert condition_holds(condition, request_) is holds


def test_an_unknown_operator_is_refused() -> None:
    with pytest.raises(UnsupportedConditionError):
        condition_holds(
            {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, _ctx({"aws:SourceIp": ("10.0.0.1",)})
        )


@pytest.mark.parametrize(
    ("statement", "applies"),
    [
        ({"Effect": "Deny", "NotAction": "backup:Copy*", "Resource": "*"}, False),
        ({"Effect": "Deny", "Action": "BACKUP:copyfrom*", "Resource": "*"}, True),
        (
            {"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:backup:*:*:recovery-point:*"},
            True,
        ),
        (
            {"Effect": "Deny", "Action": "*", "Resource": "arn:aws:backup:*:*:recovery-point:*"},
            False,
        ),
        (
            {
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Principal": {"AWS": MEMBER_ACCOUNT},
            },
            True,
        ),
        (
            {
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Principal": {"Service": "backup.amazonaws.com"},
            },
            False,
        ),
        ({"Effect": "Deny", "Action": "*", "Resource": "*", "NotPrincipal": {"AWS": EXEC}}, False),
    ],
)
def test_statements_follow_iam(statement: dict[str, Any], applies: bool) -> None:
    assert statement_applies(statement, _ctx()) is applies


def test_an_action_without_resource_types_is_covered_only_by_star() -> None:
    request = _request(ADMIN, "backup:UpdateRegionSettings", ANY_RESOURCE)
    assert statement_applies({"Effect": "Deny", "Action": "*", "Resource": "*"}, request)
    assert not statement_applies(
        {"Effect": "Deny", "Action": "*", "Resource": "arn:aws:backup:*"}, request
    )


# ---------------------------------------------------------------- wiring the check relies on


def test_the_deployment_configuration_names_the_exempt_principals() -> None:
    """The SCP's exemptions are filled from the configuration the bootstrap uses."""
    config = load_config(REPO / "deploy" / "config.example.yaml")
    values = parameter_values(config, [])
    assert values["BootstrapRoleName"] == config.cross_account_role
    assert values["StackNamePrefix"] == config.name
    assert values["HomeAccountId"] == config.home.account
    member_set = load("stacksets.yaml")["Resources"]["MemberStackSet"]["Properties"]["StackSetName"]
    region_settings = _scp_statements()["ProtectRegionSettings"]["Condition"]["ArnNotLike"]
    assert f":role/StackSet-{member_set}-*" in region_settings["aws:PrincipalArn"][0]


def test_stacks_have_the_deployers_the_check_assumes() -> None:
    """The pipeline's own actions say which role deploys which template."""
    pipeline = self_lockout._pipeline(None)
    assert set(pipeline) == {
        "pipeline/pipeline.yaml",
        "templates/stacksets.yaml",
        "templates/org-policies.yaml",
    }
    labels = {label for entries in pipeline.values() for label, _, _ in entries}
    assert labels == {"pipeline role PipelineStackRole", "pipeline role DeployRole"}
