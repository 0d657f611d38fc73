"""Every policy document of every template, rendered for realistic deployments, against the SAR.

The check (``iam_reference.py``) is fed known-bad statements first, so a check that cannot fail
would fail here; then every template, in every deployment variant, must have no finding.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.templates.deployments import deployments
from tests.templates.iam_reference import check_document, check_template
from tests.templates.intrinsics import rendered
from tests.templates.loader import REPOSITORY_TEMPLATES

TEMPLATES = REPOSITORY_TEMPLATES

BAD: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "an action that does not exist",
        {"Effect": "Allow", "Action": "backup:DescribeVaults", "Resource": "*"},
        "unknown-action",
        "backup:DescribeVaults is not an action",
    ),
    (
        "a wildcard that names nothing",
        {"Effect": "Allow", "Action": "backup:Frobnicate*", "Resource": "*"},
        "unknown-action",
        "backup:Frobnicate* is not an action",
    ),
    (
        "an action that supports only '*' scoped to an ARN",
        {
            "Effect": "Allow",
            "Action": "cloudformation:CreateStackSet",
            "Resource": "arn:aws:cloudformation:*:111111111111:stackset/org-backup-*",
        },
        "star-only",
        'cloudformation:CreateStackSet supports only Resource "*"',
    ),
    (
        "a Resource of another service",
        {
            "Effect": "Allow",
            "Action": "dynamodb:TagResource",
            "Resource": "arn:aws:s3:::bucket",
        },
        "no-resource",
        "dynamodb:TagResource applies to none of ['arn:aws:s3:::bucket']",
    ),
    (
        "a Deny conditioned on a key none of its actions carries",
        {
            "Effect": "Deny",
            "Action": ["backup:StartCopyJob"],
            "Resource": "*",
            "Condition": {"ForAnyValue:ArnNotLike": {"backup:CopyTargets": ["arn:aws:backup:*"]}},
        },
        "condition-key",
        "backup:StartCopyJob never carries this key, so this Deny never applies",
    ),
    (
        "crypto operations conditioned on a grant-only key",
        {
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:CreateGrant"],
            "Resource": "*",
            "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
        },
        "condition-key",
        "kms:Decrypt never carries this key, so this Allow never applies",
    ),
]


BAD += [
    (
        "a wildcard whose actions carry the key only in part",
        {
            "Effect": "Allow",
            "Action": "kms:*",
            "Resource": "*",
            "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
        },
        "condition-key",
        "never carry this key, so this Allow silently leaves them out",
    ),
    (
        "a misspelt global condition key",
        {
            "Effect": "Deny",
            "NotAction": "backup:CopyIntoBackupVault",
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalOrgId2": "o-exampleorg1"}},
        },
        "condition-key",
        "aws:PrincipalOrgId2: no such global condition key",
    ),
]


@pytest.mark.parametrize(("case", "statement", "kind", "message"), BAD, ids=[b[0] for b in BAD])
def test_the_check_catches_each_kind(
    case: str, statement: dict[str, Any], kind: str, message: str
) -> None:
    findings = list(check_document({"Version": "2012-10-17", "Statement": [statement]}))
    assert any(k == kind and message in m for _, k, m in findings), (case, findings)


def test_good_statements_pass() -> None:
    good = [
        {
            "Effect": "Allow",
            "Action": ["kms:CreateGrant"],
            "Resource": "arn:aws:kms:eu-west-1:111111111111:key/*",
            "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
        },
        {
            "Effect": "Allow",
            "Action": "organizations:ListPolicies",
            "Resource": "*",
            "Condition": {"StringEquals": {"organizations:PolicyType": "BACKUP_POLICY"}},
        },
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/f:*",
        },
    ]
    assert list(check_document({"Statement": good})) == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_policy_document_matches_the_service_authorization_reference(template: str) -> None:
    variants = deployments(template)
    findings = {
        str(finding)
        for deployment in variants
        for finding in check_template(template, rendered(deployment))
    }
    assert variants, template
    assert not findings, "\n".join(sorted(findings))
