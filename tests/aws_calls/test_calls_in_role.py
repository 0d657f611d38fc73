"""The code's calls are within its role: every AWS call the Lambdas made in this session
(in-process and packaged, rehearsal included) is allowed by the function's role in its
template and by the delegation policy it reaches, and no guardrail SCP statement denies it.

``test_every_recorded_call_is_within_the_role`` runs last (``plugin.py``). When the session
runs every test of a folder that exercises a function, the calls that folder must have made
are required too, so the check cannot pass on an empty record.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from orgbackup.package import FUNCTIONS
from tag_on_restore.adapters import iam_actions
from tests.aws_calls.actions import requests
from tests.aws_calls.check import findings, report
from tests.aws_calls.plugin import session_calls
from tests.aws_calls.recorder import Call
from tests.templates.loader import REPO

ORGANIZATIONS = {
    f"organizations:{name}"
    for name in (
        "CreatePolicy", "UpdatePolicy", "DeletePolicy", "AttachPolicy", "DetachPolicy",
        "ListTargetsForPolicy", "ListTagsForResource", "TagResource", "UntagResource",
        "EnablePolicyType", "ListRoots", "ListPolicies", "ListAccountsWithInvalidEffectivePolicy",
    )
}  # fmt: skip


@dataclass(frozen=True)
class Required:
    """Calls ``function`` must have made (``where``) once the session runs every test file
    of ``folders``: the IAM actions they need, and whether some ran as the assumed role."""

    folders: tuple[str, ...]
    function: str
    where: str
    actions: frozenset[str]
    assumed: bool = False


TAG_ON_RESTORE_ACTIONS = frozenset(
    {a for actions in iam_actions().values() for a in actions}
    | {
        "backup:DescribeRestoreJob",
        "backup:DescribeRecoveryPoint",
        "backup:ListTags",
        "backup:ListRestoreJobs",
    }
)
RESTORE_VALIDATION_ACTIONS = frozenset(
    {
        "backup:DescribeRestoreJob", "backup:PutRestoreValidationResult", "backup:ListTags",
        "dynamodb:DescribeTable", "dynamodb:Scan", "s3:ListBucket", "ec2:DescribeVolumes",
        "ec2:DescribeInstances", "rds:DescribeDBInstances", "rds:DescribeDBClusters",
        "elasticfilesystem:DescribeFileSystems",
    }
)  # fmt: skip
REQUIRED = (
    Required(
        ("tests/unit/tag_on_restore", "tests/integration/tag_on_restore"),
        "tag_on_restore",
        "in-process",
        TAG_ON_RESTORE_ACTIONS,
    ),
    Required(
        ("tests/integration/backup_org_policy_manager",),
        "backup_org_policy_manager",
        "in-process",
        frozenset(ORGANIZATIONS | {"sts:AssumeRole", "s3:GetObject"}),
        assumed=True,
    ),
    Required(
        ("tests/unit/restore_validation",),
        "restore_validation",
        "in-process",
        RESTORE_VALIDATION_ACTIONS,
    ),
    Required(
        ("tests/unit/backup_region_settings",),
        "backup_region_settings",
        "in-process",
        frozenset({"backup:DescribeRegionSettings", "backup:UpdateRegionSettings"}),
    ),
    Required(
        ("tests/unit/job_summary",),
        "job_summary",
        "in-process",
        frozenset(
            {
                "backup:ListBackupJobSummaries",
                "backup:ListCopyJobSummaries",
                "backup:ListRestoreJobSummaries",
                "sns:Publish",
            }
        ),
    ),
    Required(
        ("tests/rehearsal",),
        "tag_on_restore",
        "packaged",
        frozenset({"backup:ListTags", "dynamodb:TagResource", "ec2:CreateTags"}),
    ),
    # The rehearsal deploys the policy manager in the home account as delegated administrator
    # (the management account's delegation policy), so it assumes no role there.
    Required(
        ("tests/rehearsal",),
        "backup_org_policy_manager",
        "packaged",
        frozenset({"organizations:CreatePolicy", "organizations:AttachPolicy", "s3:GetObject"}),
    ),
    Required(
        ("tests/rehearsal",),
        "backup_region_settings",
        "packaged",
        frozenset({"backup:UpdateRegionSettings"}),
    ),
    Required(
        ("tests/rehearsal",),
        "restore_validation",
        "packaged",
        frozenset({"backup:PutRestoreValidationResult", "dynamodb:Scan", "backup:ListTags"}),
    ),
)


def _fully_collected(folders: tuple[str, ...], collected: set[str]) -> bool:
    files = {
        str(path.relative_to(REPO))
        for folder in folders
        for path in (REPO / folder).rglob("test_*.py")
    }
    return bool(files) and files <= collected


def _actions(calls: list[Call]) -> set[str]:
    return {request.action for call in calls for request in requests(call)}


def unmet(calls: list[Call], collected: set[str]) -> tuple[int, list[str]]:
    """How many requirements the session's test files call for, and those the calls miss."""
    enforced, problems = 0, []
    for required in REQUIRED:
        if not _fully_collected(required.folders, collected):
            continue
        enforced += 1
        name = f"{required.function} ({required.where})"
        made = [c for c in calls if (c.function, c.where) == (required.function, required.where)]
        missing = required.actions - _actions(made)
        if missing:
            problems.append(f"{required.folders} ran, yet {name} never needed {sorted(missing)}")
        if required.assumed and not any(
            c.credentials.assumed_by == required.function for c in made
        ):
            problems.append(f"{required.folders} ran, yet {name} never used its assumed role")
    return enforced, problems


def test_every_recorded_call_is_within_the_role() -> None:
    recorded = session_calls()
    recorded.collect_packaged("")
    calls = recorded.calls()
    enforced, problems = unmet(calls, recorded.files)
    assert not problems, "\n".join(problems)
    if not enforced and not calls:
        pytest.skip("this session ran no test that calls a Lambda")
    # Zips that are not a Lambda of functions/ (the local runtime's own test fixtures, e.g.
    # tests/lambda_runtime's "probe") have no template role; every project Lambda has one
    # (test_check.py holds FUNCTION_ROLES to orgbackup.package.FUNCTIONS).
    found = findings(call for call in calls if call.function in FUNCTIONS)
    assert not found, f"{len(found)} call(s) outside the role:\n{report(found)}"


def test_a_full_session_that_recorded_nothing_fails() -> None:
    every_file = {
        str(path.relative_to(REPO))
        for required in REQUIRED
        for folder in required.folders
        for path in (REPO / folder).rglob("test_*.py")
    }

    enforced, problems = unmet([], every_file)

    assert enforced == len(REQUIRED)
    assert len(problems) == len(REQUIRED) + 1  # every action set, and the assumed role
    assert "tag_on_restore (in-process) never needed" in problems[0]
    assert "fsx:DescribeFileSystems" in problems[0]
    assert unmet([], set()) == (0, [])
