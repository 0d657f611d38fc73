"""The role check on synthetic calls: each kind of defect fails with a clear message
(function, operation, IAM action, resource, role), and a call within the role passes."""

from __future__ import annotations

import json
from typing import Any

from orgbackup.package import FUNCTIONS as LAMBDAS
from tests.aws_calls.check import Finding, findings, report
from tests.aws_calls.recorder import Call, Credentials
from tests.aws_calls.roles import FUNCTION_ROLES
from tests.templates.loader import REPO

MEMBER = "templates/member-account.yaml"
MANAGEMENT = "templates/management-account.yaml"
GUARDRAILS = "templates/scp-guardrails.yaml"
ACCOUNT = "123456789012"
REGION = "eu-west-1"


def call(
    function: str,
    service: str,
    operation: str,
    assumed_by: str | None = None,
    **params: Any,
) -> Call:
    """A synthetic recorded call, in ``ACCOUNT`` and ``REGION``."""
    role = f"arn:aws:iam::{ACCOUNT}:role/assumed" if assumed_by else None
    return Call(
        function,
        service,
        operation,
        params,
        REGION,
        "AKIDEXAMPLE",
        test="synthetic",
        credentials=Credentials(ACCOUNT, role, assumed_by),
    )


def template(path: str) -> dict[str, Any]:
    from cfnlint.decode import decode_str

    decoded, _ = decode_str((REPO / path).read_text(encoding="utf-8"))
    loaded: dict[str, Any] = json.loads(json.dumps(decoded))
    return loaded


def without(path: str, logical_id: str, action: str) -> dict[str, Any]:
    """``path`` with ``action`` taken out of every statement of ``logical_id``'s policies."""
    body = template(path)
    properties = body["Resources"][logical_id]["Properties"]
    documents = [p["PolicyDocument"] for p in properties.get("Policies", [])]
    documents += [properties["Content"]] if "Content" in properties else []
    for document in documents:
        for statement in document["Statement"]:
            actions = statement["Action"]
            actions = actions if isinstance(actions, list) else [actions]
            statement["Action"] = [a for a in actions if a != action] or ["none:Nothing"]
    return body


EFS_READ = call("tag_on_restore", "efs", "DescribeFileSystems", FileSystemId="fs-0123abcd")


def test_a_call_the_role_lacks_fails_naming_function_operation_action_resource_and_role() -> None:
    bad = {MEMBER: without(MEMBER, "TagOnRestoreRole", "elasticfilesystem:DescribeFileSystems")}

    (finding,) = findings([EFS_READ], bad)

    message = finding.message()
    assert message.startswith("tag_on_restore: efs.DescribeFileSystems(")
    assert "needs elasticfilesystem:DescribeFileSystems on " in message
    assert f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-0123abcd" in message
    assert "templates/member-account.yaml TagOnRestoreRole does not allow it" in message


def test_the_same_call_within_the_role_passes() -> None:
    assert findings([EFS_READ]) == []


def test_a_resource_outside_the_roles_scope_fails() -> None:
    other = "arn:aws:dynamodb:eu-west-1:999999999999:table/orders"
    tagged = call("tag_on_restore", "dynamodb", "TagResource", ResourceArn=other, Tags=[])

    (finding,) = findings([tagged])

    assert (finding.action, finding.resource) == ("dynamodb:TagResource", other)


def test_a_condition_the_call_does_not_meet_fails() -> None:
    """TagS3BucketsOfThisAccount holds only for aws:ResourceAccount = the caller's account;
    the check takes a bucket's account to be the caller's, so a Null test stands in."""
    bad = template(MEMBER)
    for policy in bad["Resources"]["TagOnRestoreRole"]["Properties"]["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            if "s3:GetBucketTagging" in statement["Action"]:
                statement["Condition"] = {"Null": {"aws:ResourceAccount": "true"}}
    read = call("tag_on_restore", "s3", "GetBucketTagging", Bucket="landing")

    (finding,) = findings([read], {MEMBER: bad})

    assert (finding.action, finding.resource) == ("s3:GetBucketTagging", "arn:aws:s3:::landing")


def test_a_delegation_that_lacks_the_action_fails_naming_it() -> None:
    report_call = call(
        "backup_org_policy_manager",
        "organizations",
        "ListAccountsWithInvalidEffectivePolicy",
        PolicyType="BACKUP_POLICY",
    )
    bad = {
        MANAGEMENT: without(
            MANAGEMENT,
            "BackupPolicyDelegation",
            "organizations:ListAccountsWithInvalidEffectivePolicy",
        )
    }

    (finding,) = findings([report_call], bad)

    assert finding.role == "templates/management-account.yaml BackupPolicyDelegation"
    assert finding.reason.startswith("does not allow it to arn:aws:iam::123456789012:role/")


def test_calls_as_the_assumed_role_are_checked_against_the_management_role() -> None:
    attach = call(
        "backup_org_policy_manager",
        "organizations",
        "AttachPolicy",
        assumed_by="backup_org_policy_manager",
        PolicyId="p-abcd1234",
        TargetId="ou-ab12-cdef3456",
    )
    bad = {MANAGEMENT: without(MANAGEMENT, "PolicyManagerRole", "organizations:AttachPolicy")}

    assert findings([attach]) == []
    found = findings([attach], bad)

    assert {f.role for f in found} == {"templates/management-account.yaml PolicyManagerRole"}
    assert {f.resource for f in found} == {
        "arn:aws:organizations::*:policy/o-*/*/p-abcd1234",
        "arn:aws:organizations::*:ou/o-*/ou-ab12-cdef3456",
    }


def test_a_guardrail_that_denies_the_role_fails_naming_the_scp() -> None:
    bad = template(GUARDRAILS)
    bad["Resources"]["BackupGuardrails"]["Properties"]["Content"]["Statement"].append(
        {"Sid": "DenyAll", "Effect": "Deny", "Action": "backup:*", "Resource": "*"}
    )
    update = call(
        "backup_region_settings",
        "backup",
        "UpdateRegionSettings",
        ResourceTypeOptInPreference={"S3": True},
    )

    (finding,) = findings([update], {GUARDRAILS: bad})

    assert finding.role == "templates/member-account.yaml RegionSettingsRole"
    assert "guardrail SCP denies it" in finding.reason
    assert "BackupGuardrails DenyAll" in finding.reason


def test_an_operation_the_sar_cannot_map_fails() -> None:
    odd = call("tag_on_restore", "s3", "ListBuckets")
    unmapped = Call(
        "tag_on_restore", "backup", "NoSuchOperation", {}, REGION, "AKID", test="synthetic"
    )

    found = findings([unmapped])

    assert [f.action for f in found] == ["?"]
    assert "no IAM service prefix knows backup.NoSuchOperation" in found[0].reason
    assert findings([odd]) != []  # ListBuckets is not the role's either


def test_a_function_without_a_known_role_fails_naming_it() -> None:
    (finding,) = findings([call("probe", "s3", "ListBuckets")])

    assert finding.message() == (
        "probe: s3.ListBuckets({}) needs ? on ?; tests/aws_calls/roles.py FUNCTION_ROLES names "
        "no role for functions/probe, so its calls cannot be checked (test synthetic)"
    )


def test_findings_of_one_kind_are_reported_once_with_their_count() -> None:
    bad = {MEMBER: without(MEMBER, "TagOnRestoreRole", "elasticfilesystem:DescribeFileSystems")}
    other = call("tag_on_restore", "efs", "DescribeFileSystems", FileSystemId="fs-0000ffff")

    found = findings([EFS_READ, other], bad)

    assert len(found) == 2
    assert report(found).count("\n") == 0
    assert report(found).endswith("[2 call(s)]")
    assert isinstance(found[0], Finding)


def role_issues(lambdas: tuple[str, ...]) -> list[str]:
    """Lambdas of functions/ without a role in FUNCTION_ROLES, and roles of no Lambda."""
    return [
        f"functions/{name} is a Lambda (it has a requirements.txt) without a role in "
        "tests/aws_calls/roles.py FUNCTION_ROLES: its calls would go unchecked"
        for name in sorted(set(lambdas) - set(FUNCTION_ROLES))
    ] + [
        f"FUNCTION_ROLES names {name}, which is not a Lambda of functions/"
        for name in sorted(set(FUNCTION_ROLES) - set(lambdas))
    ]


def test_every_lambda_of_functions_has_a_role() -> None:
    """Lambdas as ``orgbackup/package.py`` finds them: the folders with a requirements.txt."""
    issues = role_issues(LAMBDAS)
    assert not issues, "\n".join(issues)


def test_a_new_lambda_without_a_role_fails() -> None:
    assert role_issues((*LAMBDAS, "new_lambda")) == [
        "functions/new_lambda is a Lambda (it has a requirements.txt) without a role in "
        "tests/aws_calls/roles.py FUNCTION_ROLES: its calls would go unchecked"
    ]
