"""Check 2g over every template (longest names and the example configuration's name), the
designs that locked deployers out before as known-bad input, and the wiring the check relies on."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from orgbackup.deploy.config import load_config
from orgbackup.deploy.template_configs import parameter_values
from tests.templates import self_lockout
from tests.templates.deployments import ACCOUNTS
from tests.templates.loader import REPO, load
from tests.templates.lockout_cases import MEMBER, MEMBER_ACCOUNT, PIPELINE, SCP, scp_statements
from tests.templates.self_lockout import Guard, Lockout, calls_of, guards_of, lockouts


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


# ---------------------------------------------------------------- wiring the check relies on


def test_the_deployment_configuration_names_the_exempt_principals() -> None:
    """The SCP's exemptions are filled from the configuration the bootstrap uses."""
    config = load_config(REPO / "deploy" / "config.example.yaml")
    values = parameter_values(config, [])
    assert values["BootstrapRoleName"] == config.cross_account_role
    assert values["StackNamePrefix"] == config.name
    assert values["HomeAccountId"] == config.home.account
    # The Region settings role's name, in any Region, is the one the SCP exempts.
    role = load("member-account.yaml")["Resources"]["RegionSettingsRole"]["Properties"]
    prefix = role["RoleName"]["Fn::Sub"].removesuffix("${AWS::Region}")
    region_settings = scp_statements()["ProtectRegionSettings"]["Condition"]["ArnNotLike"]
    assert region_settings["aws:PrincipalArn"][0].endswith(f":role/{prefix}*")


def test_stacks_have_the_deployers_the_check_assumes() -> None:
    """The pipeline's own actions say which role deploys which template."""
    pipeline = self_lockout.pipeline_actions(None)
    assert set(pipeline) == {
        "pipeline/pipeline.yaml",
        "templates/stacksets.yaml",
        "templates/org-policies.yaml",
        "templates/job-monitoring.yaml",
        "templates/audit-reports.yaml",
    }
    labels = {action.label for actions in pipeline.values() for action in actions}
    assert labels == {"pipeline role PipelineStackRole", "pipeline role DeployRole"}
