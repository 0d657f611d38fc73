"""The IAM rules check 2g relies on (``rehearsal/emulator/iam_policy.py``): condition operators,
absent keys, set qualifiers, policy variables, and how statements match actions, resources and
principals."""

from __future__ import annotations

from typing import Any

import pytest

from rehearsal.emulator.iam_policy import (
    ANY_RESOURCE,
    Request,
    UnsupportedConditionError,
    condition_holds,
    decide,
    statement_applies,
)
from tests.templates.lockout_cases import ADMIN, EXEC, MEMBER_ACCOUNT, request_as


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
    request = request_as(ADMIN, "backup:UpdateRegionSettings", ANY_RESOURCE)
    assert statement_applies({"Effect": "Deny", "Action": "*", "Resource": "*"}, request)
    assert not statement_applies(
        {"Effect": "Deny", "Action": "*", "Resource": "arn:aws:backup:*"}, request
    )


_ALLOW = {"Effect": "Allow", "Principal": "*", "Action": "backup:*", "Resource": "*"}
_DENY = {**_ALLOW, "Effect": "Deny"}
_OTHER = {**_ALLOW, "Action": "kms:Decrypt"}


@pytest.mark.parametrize(
    ("documents", "decision"),
    [
        ([], "ImplicitDeny"),
        ([None], "ImplicitDeny"),
        ([{"Statement": [_OTHER]}], "ImplicitDeny"),
        ([{"Statement": [_ALLOW]}], "Allow"),
        # A single statement object (not a list), and JSON text, as policies are stored.
        ([{"Statement": _ALLOW}], "Allow"),
        (['{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*"}]}'], "Allow"),
        # An explicit Deny wins over an Allow, in the same document or another.
        ([{"Statement": [_ALLOW, _DENY]}], "ExplicitDeny"),
        ([{"Statement": [_DENY]}, {"Statement": [_ALLOW]}], "ExplicitDeny"),
    ],
)
def test_documents_decide_deny_first(documents: list[Any], decision: str) -> None:
    assert decide(documents, _ctx()) == decision
