"""Evaluate rendered IAM policy statements for one request, as IAM's evaluation logic does.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html:
an explicit Deny wins, else an Allow is needed. Actions, ARNs and condition operators are
judged by the project's one evaluator (``rehearsal/emulator/iam_policy.py``); this module adds
what a recorded call needs: a request resource with ``*`` parts (what the request did not
say) matches when some resource could match both (``sar.arn_can_match``), and keys the
request is not known to carry stay unknown.

Evaluated: every operator ``iam_policy.py`` models (String*, Arn*, Bool, Null, Numeric*, with
``ForAnyValue:``, ``ForAllValues:`` and ``...IfExists``) on the keys ``actions.Request.context``
fills: aws:RequestedRegion, aws:PrincipalAccount, aws:PrincipalArn, aws:SecureTransport,
aws:ViaAWSService, aws:ResourceAccount and s3:ResourceAccount (the ARN's account; an S3
bucket's is taken to be the caller's), cloudwatch:namespace, organizations:PolicyType where
the request names the type (CreatePolicy, ListPolicies, EnablePolicyType, ...), and the keys
a direct call never carries (ec2:CreateAction, elasticfilesystem:CreateAction,
kms:ViaService); policy variables (``${aws:...}``) of those keys.

Not evaluated ("unknown": an Allow with it still counts, a Deny with it does not):
- every other key, among them aws:ResourceTag/*, aws:RequestTag/*, aws:TagKeys,
  aws:PrincipalTag/*, aws:PrincipalOrgID, aws:CalledVia, network and MFA keys, and
  organizations:PolicyType of calls that name a policy by id (its type is the policy's);
  policy variables of those keys;
- Date*, IpAddress and Binary operators (``iam_policy.UnsupportedConditionError``);
- policies other than the role's own, the Organizations delegation policy and the guardrail
  SCP: bucket, key and vault policies, the assumed role's trust policy, permissions
  boundaries, session and managed policies (``roles.py`` refuses roles that have the last).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rehearsal.emulator import iam_policy
from tests.aws_calls.actions import Request
from tests.templates import sar

__all__ = ["Document", "Verdict", "denials", "evaluate", "principal_matches"]

_VARIABLE = re.compile(r"\$\{([^}]+)\}")


@dataclass(frozen=True, slots=True)
class Document:
    """A rendered policy document and where it is: ``template LogicalId (policy name)``."""

    where: str
    statements: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """``allowed`` unless denied or never allowed; ``by`` names the deciding statements."""

    allowed: bool
    by: tuple[str, ...] = ()


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _action_matches(patterns: Iterable[Any], action: str) -> bool:
    return any(iam_policy.action_matches(str(p), action) for p in patterns)


def _resource_matches(patterns: Iterable[Any], resource: str) -> bool:
    for pattern in (str(p) for p in patterns):
        if resource == "*":
            # Actions without a resource type are authorized on "*" only.
            if pattern.strip("*") == "":
                return True
        elif "*" in resource:
            # Parts the request did not say: some resource may match both.
            if sar.arn_can_match(pattern, resource):
                return True
        elif iam_policy.arn_matches(pattern, resource):
            return True
    return False


def principal_matches(principal: Any, principal_arn: str) -> bool:
    """Whether a resource policy's ``Principal`` names the role ``principal_arn`` (``"*"``, the
    role, its account id or its account's root), as ``iam_policy.py`` decides.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    """
    asked = iam_policy.Request(principal_arn, "", None)
    return iam_policy.statement_applies({"Principal": principal}, asked)


def _condition(
    operator: str, key: str, wanted: Any, request: Request, resource: str
) -> bool | None:
    """One condition: True, False, or None when it rests on a key or operator not modelled."""
    context = request.context
    values = [str(w) for w in _listed(wanted)]
    variables = {v.lower() for value in values for v in _VARIABLE.findall(value)} - set("*?$")
    if key.lower() not in context or not variables <= set(context):
        return None
    known = {name: found for name, found in context.items() if found is not None}
    principal = next(iter(context.get("aws:principalarn") or ()), "")
    asked = iam_policy.Request(principal, request.action, resource, known)
    try:
        return iam_policy.condition_holds({operator: {key: values}}, asked)
    except iam_policy.UnsupportedConditionError:
        return None


def _conditions(block: Mapping[str, Any], request: Request, resource: str) -> bool | None:
    """All conditions of a statement: False if one fails, None if one is unknown."""
    outcome: bool | None = True
    for operator, keys in block.items():
        for key, wanted in keys.items():
            result = _condition(operator, key, wanted, request, resource)
            if result is False:
                return False
            if result is None:
                outcome = None
    return outcome


def _applies(statement: Mapping[str, Any], request: Request, resource: str) -> bool | None:
    if "Action" in statement and not _action_matches(_listed(statement["Action"]), request.action):
        return False
    if "NotAction" in statement and _action_matches(
        _listed(statement["NotAction"]), request.action
    ):
        return False
    if "Resource" in statement and not _resource_matches(_listed(statement["Resource"]), resource):
        return False
    if "NotResource" in statement and _resource_matches(
        _listed(statement["NotResource"]), resource
    ):
        return False
    return _conditions(statement.get("Condition", {}), request, resource)


def evaluate(
    documents: Iterable[Document],
    request: Request,
    principal_arn: str | None = None,
    *,
    resource_policy: bool = False,
) -> Verdict:
    """Whether ``documents`` allow ``request`` on one of its resource alternatives.

    ``principal_arn`` is the caller (``aws:PrincipalArn``). With ``resource_policy``, only
    statements whose ``Principal`` names the caller count.
    """
    context = {**request.context}
    if principal_arn:
        context["aws:principalarn"] = (principal_arn,)
    request = Request(request.call, request.action, request.resources, context)
    statements = [
        (f"{document.where} {statement.get('Sid', f'#{index}')}", statement)
        for document in documents
        for index, statement in enumerate(document.statements)
        if not resource_policy
        or (principal_arn and principal_matches(statement.get("Principal"), principal_arn))
    ]
    for resource in request.resources:
        denied = [
            where
            for where, statement in statements
            if statement["Effect"] == "Deny" and _applies(statement, request, resource)
        ]
        if denied:
            return Verdict(False, tuple(denied))
        allowed = [
            where
            for where, statement in statements
            if statement["Effect"] == "Allow"
            and _applies(statement, request, resource) is not False
        ]
        if allowed:
            return Verdict(True, tuple(allowed))
    return Verdict(False)


def denials(documents: Iterable[Document], request: Request, principal_arn: str) -> tuple[str, ...]:
    """The Deny statements of ``documents`` (an SCP) that apply to ``request``."""
    verdict = evaluate(documents, request, principal_arn)
    return verdict.by if not verdict.allowed else ()
