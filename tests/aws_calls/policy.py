"""Evaluate rendered IAM policy statements for one request, as IAM's evaluation logic does.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html:
an explicit Deny wins, else an Allow is needed. Actions and ARNs match with ``*``/``?``
wildcards (ARN segments never cross a ``:``, ``sar.arn_can_match``); a request resource with
``*`` parts (what the request did not say) matches when some resource could match both.

Evaluated: condition operators String*, Arn*, Bool and Null (with ``ForAnyValue:``,
``ForAllValues:`` and ``...IfExists``) on the keys ``actions.Request.context`` fills:
aws:RequestedRegion, aws:PrincipalAccount, aws:PrincipalArn, aws:SecureTransport,
aws:ViaAWSService, aws:ResourceAccount and s3:ResourceAccount (the ARN's account; an S3
bucket's is taken to be the caller's), cloudwatch:namespace, organizations:PolicyType where
the request names the type (CreatePolicy, ListPolicies, EnablePolicyType, ...), and the keys
a direct call never carries (ec2:CreateAction, elasticfilesystem:CreateAction,
kms:ViaService).

Not evaluated ("unknown": an Allow with it still counts, a Deny with it does not):
- every other key, among them aws:ResourceTag/*, aws:RequestTag/*, aws:TagKeys,
  aws:PrincipalTag/*, aws:PrincipalOrgID, aws:CalledVia, network and MFA keys, and
  organizations:PolicyType of calls that name a policy by id (its type is the policy's);
- Numeric*, Date*, IpAddress and Binary operators, and policy variables (``${aws:...}``);
- policies other than the role's own, the Organizations delegation policy and the guardrail
  SCP: bucket, key and vault policies, the assumed role's trust policy, permissions
  boundaries, session and managed policies (``roles.py`` refuses roles that have the last).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from tests.aws_calls.actions import Request
from tests.templates import sar

__all__ = ["Document", "Verdict", "denials", "evaluate", "principal_matches"]

Context = Mapping[str, tuple[str, ...] | None]


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
    return any(fnmatchcase(action.lower(), str(p).lower()) for p in patterns)


def _resource_matches(patterns: Iterable[Any], resource: str) -> bool:
    for pattern in (str(p) for p in patterns):
        if resource == "*":
            # Actions without a resource type are authorized on "*" only.
            if pattern.strip("*") == "":
                return True
        elif sar.arn_can_match(pattern, resource):
            return True
    return False


def principal_matches(principal: Any, principal_arn: str) -> bool:
    """Whether a resource policy's ``Principal`` names the role ``principal_arn``.

    An account's ``:root`` stands for every principal of the account.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    """
    if principal == "*":
        return True
    if not isinstance(principal, Mapping):
        return False
    account = principal_arn.split(":")[4]
    for entry in (str(e) for e in _listed(principal.get("AWS", []))):
        if entry in ("*", account, principal_arn) or entry.endswith(f":{account}:root"):
            return True
    return False


def _string(operator: str, value: str, pattern: str) -> bool:
    if operator.startswith(("StringLike", "ArnLike")):
        return fnmatchcase(value, pattern)
    if operator.startswith("StringEqualsIgnoreCase"):
        return value.lower() == pattern.lower()
    if operator.startswith("Arn"):
        return fnmatchcase(value, pattern)  # ArnEquals takes wildcards too
    return value == pattern


def _condition(operator: str, key: str, wanted: Any, context: Context) -> bool | None:
    """One condition: True, False, or None when this module cannot tell."""
    qualifier, _, bare = operator.rpartition(":")
    if_exists = bare.endswith("IfExists")
    bare = bare.removesuffix("IfExists")
    if key.lower() not in context:
        return None
    values = context[key.lower()]
    patterns = [str(w).lower() if bare == "Bool" else str(w) for w in _listed(wanted)]
    if bare == "Null":
        return (values is None) == (patterns[0].lower() == "true")
    if values is None:
        # Absent key: negated operators match, others do not (IfExists: match).
        return if_exists or "Not" in bare
    if bare == "Bool":
        return any(v.lower() in patterns for v in values)
    negated = "Not" in bare
    positive = bare.replace("Not", "")
    if not positive.startswith(("String", "Arn")):
        return None
    hits = [any(_string(positive, v, p) for p in patterns) for v in values]
    if qualifier == "ForAllValues":
        result = all(hits) if not negated else not any(hits)
    else:
        result = any(hits) if not negated else not any(hits)
    return result


def _conditions(block: Mapping[str, Any], context: Context) -> bool | None:
    """All conditions of a statement: False if one fails, None if one is unknown."""
    outcome: bool | None = True
    for operator, keys in block.items():
        for key, wanted in keys.items():
            result = _condition(operator, key, wanted, context)
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
    return _conditions(statement.get("Condition", {}), request.context)


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
