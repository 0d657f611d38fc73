"""The role check's evaluation is IAM's (``rehearsal/emulator/iam_policy.py``): set operators,
absent keys and ARN wildcards decide as the IAM condition operator pages say, and keys the request
is not known to carry stay unknown.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
"""

from __future__ import annotations

from typing import Any

from tests.aws_calls.actions import Request
from tests.aws_calls.policy import Document, Verdict, evaluate, principal_matches
from tests.aws_calls.recorder import Call

ROLE = "arn:aws:iam::111111111111:role/caller"
BUCKET = "arn:aws:s3:::landing"
CALL = Call("tag_on_restore", "s3", "GetBucketTagging", {}, "eu-west-1", "AKIDEXAMPLE")


def request(**context: tuple[str, ...] | None) -> Request:
    return Request(CALL, "s3:GetBucketTagging", (BUCKET,), context)


def judged(condition: dict[str, Any], asked: Request, effect: str = "Deny") -> Verdict:
    """``asked`` under an Allow of everything and one statement with ``condition``."""
    statements: tuple[dict[str, Any], ...] = (
        {"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Sid": "Tested", "Effect": effect, "Action": "s3:*", "Resource": "*"}
        | {"Condition": condition},
    )
    if effect == "Allow":
        statements = statements[1:]
    return evaluate([Document("bad.yaml Role", statements)], asked, ROLE)


def test_for_any_value_arn_not_like_holds_when_one_value_is_outside() -> None:
    inside, outside = "arn:aws:iam::111111111111:role/inside", "arn:aws:iam::222222222222:role/x"
    condition = {"ForAnyValue:ArnNotLike": {"aws:SourceArn": "arn:aws:iam::111111111111:role/*"}}

    verdict = judged(condition, request(**{"aws:sourcearn": (inside, outside)}))

    assert verdict == Verdict(False, ("bad.yaml Role Tested",))


def test_for_all_values_holds_for_an_absent_key() -> None:
    condition = {"ForAllValues:StringEquals": {"ec2:CreateAction": "RunInstances"}}

    verdict = judged(condition, request(**{"ec2:createaction": None}))

    assert verdict == Verdict(False, ("bad.yaml Role Tested",))


def test_for_any_value_negated_does_not_hold_for_an_absent_key() -> None:
    condition = {"ForAnyValue:StringNotEquals": {"ec2:CreateAction": "RunInstances"}}

    verdict = judged(condition, request(**{"ec2:createaction": None}))

    assert verdict == Verdict(True, ("bad.yaml Role All",))


def test_arn_like_wildcards_do_not_cross_colons() -> None:
    """``arn:aws:iam:*:role/caller`` has five parts, not six: it names no role."""
    condition = {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam:*:role/caller"}}

    assert judged(condition, request(), effect="Allow") == Verdict(False)
    exact = {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/caller"}}
    assert judged(exact, request(), effect="Allow") == Verdict(True, ("bad.yaml Role Tested",))


def test_a_key_the_request_is_not_known_to_carry_stays_unknown() -> None:
    """Unknown: a Deny on it does not deny, an Allow on it still allows."""
    condition = {"StringEquals": {"aws:ResourceTag/owner": "backup"}}

    assert judged(condition, request()) == Verdict(True, ("bad.yaml Role All",))
    assert judged(condition, request(), effect="Allow") == Verdict(True, ("bad.yaml Role Tested",))


def test_an_operator_the_evaluator_does_not_model_stays_unknown() -> None:
    condition = {"DateGreaterThan": {"aws:RequestedRegion": "2020-01-01T00:00:00Z"}}

    asked = request(**{"aws:requestedregion": ("eu-west-1",)})

    assert judged(condition, asked) == Verdict(True, ("bad.yaml Role All",))


def test_a_policy_variable_of_an_unknown_key_stays_unknown() -> None:
    condition = {"StringNotEquals": {"aws:PrincipalAccount": "${aws:PrincipalTag/account}"}}
    asked = request(**{"aws:principalaccount": ("111111111111",)})

    assert judged(condition, asked) == Verdict(True, ("bad.yaml Role All",))
    known = {"StringNotEquals": {"aws:PrincipalAccount": "${aws:PrincipalAccount}"}}
    assert judged(known, asked) == Verdict(True, ("bad.yaml Role All",))


def test_principals_match_as_the_evaluator_decides() -> None:
    assert principal_matches({"AWS": "arn:aws:iam::111111111111:root"}, ROLE)
    assert principal_matches({"AWS": "111111111111"}, ROLE)
    assert principal_matches("*", ROLE)
    assert not principal_matches({"AWS": "arn:aws:iam::222222222222:root"}, ROLE)
    assert not principal_matches({"Service": "lambda.amazonaws.com"}, ROLE)
