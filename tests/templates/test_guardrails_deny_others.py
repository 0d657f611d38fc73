"""The guardrail SCP and the vault policies, which exempt their deployers (check 2g), still deny
everyone else what they guard."""

from __future__ import annotations

from typing import Any

import pytest

from rehearsal.emulator.iam_policy import ANY_RESOURCE, statement_applies
from tests.templates import self_lockout
from tests.templates.deployments import ACCOUNTS
from tests.templates.intrinsics import rendered
from tests.templates.lockout_cases import (
    ADMIN,
    EXEC,
    HOME,
    MEMBER,
    MEMBER_ACCOUNT,
    SCP,
    request_as,
    scp_statements,
)


def _vault(parameter: str = "MemberVaultName") -> str:
    name = str(self_lockout.deployments(SCP, self_lockout.example_name())[0].parameters[parameter])
    return f"arn:aws:backup:eu-west-1:{MEMBER_ACCOUNT}:backup-vault:{name}"


@pytest.mark.parametrize(
    ("sid", "request_", "denied"),
    [
        (
            "ProtectSolutionVaults",
            lambda: request_as(ADMIN, "backup:PutBackupVaultAccessPolicy", _vault()),
            True,
        ),
        (
            "ProtectSolutionVaults",
            lambda: request_as(EXEC, "backup:PutBackupVaultAccessPolicy", _vault()),
            False,
        ),
        (
            "ProtectSolutionVaults",
            lambda: request_as(ADMIN, "backup:DeleteBackupVaultLockConfiguration", _vault()),
            True,
        ),
        (
            "ProtectSolutionVaults",
            lambda: request_as(ADMIN, "backup:DeleteBackupVault", _vault("AirGappedVaultName")),
            True,
        ),
        (
            "ProtectRegionSettings",
            lambda: request_as(ADMIN, "backup:UpdateRegionSettings", ANY_RESOURCE),
            True,
        ),
        (
            "ProtectRegionSettings",
            lambda: request_as(
                f"arn:aws:iam::{MEMBER_ACCOUNT}:role/StackSet-org-backup-member-0f1e2d3c-RegionSe-ABCDEFGHJKMNP",
                "backup:UpdateRegionSettings",
                ANY_RESOURCE,
            ),
            True,
        ),
        (
            "ProtectStackSetRoles",
            lambda: request_as(
                ADMIN,
                "iam:CreateRole",
                f"arn:aws:iam::{MEMBER_ACCOUNT}:role/org-backup-region-settings-eu-west-1",
            ),
            True,
        ),
        (
            "ProtectPipelineRoles",
            lambda: request_as(
                f"arn:aws:iam::{HOME}:role/Admin",
                "iam:PutRolePolicy",
                f"arn:aws:iam::{HOME}:role/org-backup-pipeline-deploy",
            ),
            True,
        ),
        (
            "ProtectRegionSettings",
            lambda: request_as(
                f"arn:aws:iam::{MEMBER_ACCOUNT}:role/org-backup-region-settings-ap-southeast-4",
                "backup:UpdateRegionSettings",
                ANY_RESOURCE,
            ),
            False,
        ),
        (
            "CopiesStayInTheOrganization",
            lambda: request_as(
                ADMIN,
                "backup:CopyFromBackupVault",
                "*",
                ("arn:aws:backup:eu-west-1:999999999999:backup-vault:elsewhere",),
            ),
            True,
        ),
        (
            "CopiesStayInTheOrganization",
            lambda: request_as(
                ADMIN,
                "backup:CopyFromBackupVault",
                "*",
                (f"arn:aws:backup:eu-west-1:{ACCOUNTS['central']}:backup-vault:central",),
            ),
            False,
        ),
        (
            "CopiesStayInTheOrganization",
            lambda: request_as(
                f"arn:aws:iam::{ACCOUNTS['central']}:role/BackupRole",
                "backup:CopyFromBackupVault",
                "*",
                (f"arn:aws:backup:eu-west-1:{MEMBER_ACCOUNT}:backup-vault:member",),
            ),
            False,
        ),
        (
            "ProtectStackSetRoles",
            lambda: request_as(
                ADMIN, "iam:CreateRole", f"arn:aws:iam::{MEMBER_ACCOUNT}:role/stacksets-exec-x"
            ),
            True,
        ),
        (
            "OnlyThePipelineChangesStackSets",
            lambda: request_as(
                f"arn:aws:iam::{HOME}:role/Admin", "cloudformation:CreateStackSet", ANY_RESOURCE
            ),
            True,
        ),
        (
            "ProtectPipelineStacks",
            lambda: request_as(
                f"arn:aws:iam::{HOME}:role/Admin",
                "cloudformation:UpdateStack",
                f"arn:aws:cloudformation:eu-west-1:{HOME}:stack/org-backup-stacksets/0f1e2d3c",
            ),
            True,
        ),
    ],
)
def test_the_guardrails_deny_everyone_else(sid: str, request_: Any, denied: bool) -> None:
    statement = scp_statements()[sid]
    assert statement_applies(statement, request_()) is denied


def test_the_vault_policies_still_deny_everyone_else() -> None:
    for template, vault in (
        (MEMBER, "MemberVault"),
        ("templates/central-backup-account.yaml", "CentralVault"),
        ("templates/central-air-gapped-vault.yaml", "AirGappedVault"),
    ):
        deployment = self_lockout.deployments(template)[0]
        policy = rendered(deployment)["Resources"][vault]["Properties"]["AccessPolicy"]
        account = deployment.account_id
        admin = f"arn:aws:iam::{account}:role/Admin"
        for action in ("backup:DeleteRecoveryPoint", "backup:PutBackupVaultAccessPolicy"):
            request = request_as(
                admin, action, f"arn:aws:backup:eu-west-1:{account}:backup-vault:v"
            )
            assert any(
                statement_applies(s, request) for s in policy["Statement"] if s["Effect"] == "Deny"
            ), (
                template,
                action,
            )
