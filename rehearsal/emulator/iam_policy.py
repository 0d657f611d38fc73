"""A small IAM evaluator: whether one policy statement covers one request, as AWS decides it
(actions, resources, principals, condition operators and absent keys; unknown operators raise),
and the decision of whole policy documents (an explicit Deny wins, then an Allow).
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

The emulator's AWS Backup copy and restore checks and the template tests share it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

__all__ = [
    "ANY_RESOURCE",
    "Decision",
    "Request",
    "UnsupportedConditionError",
    "action_matches",
    "arn_matches",
    "condition_holds",
    "decide",
    "statement_applies",
]

# The resource of a request for an action that has no resource type (the SAR lists none):
# only a statement whose Resource is "*" covers it.
# https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
ANY_RESOURCE = "*"


class UnsupportedConditionError(ValueError):
    """Raised for a condition operator the evaluator does not model."""


@dataclass(frozen=True)
class Request:
    """One authorization request: who, what, on which resource, with which context keys.

    ``resource`` is an ARN, :data:`ANY_RESOURCE` for an action without resource types, or
    None when the resource is not one the caller can name (then only ``Resource: "*"``, or a
    ``NotResource``, covers it).
    Context keys are matched without regard to case, as IAM does; absent keys are absent.
    """

    principal_arn: str
    action: str
    resource: str | None
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def principal_account(self) -> str:
        return self.principal_arn.split(":")[4]

    def value(self, key: str) -> tuple[str, ...] | None:
        lowered = key.lower()
        for name, values in self.context.items():
            if name.lower() == lowered:
                return values
        return None


@cache
def _pattern(glob: str, ignore_case: bool) -> re.Pattern[str]:
    """``*`` (any run) and ``?`` (one character); everything else literal."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def _like(glob: str, text: str, ignore_case: bool = False) -> bool:
    return _pattern(glob, ignore_case).fullmatch(text) is not None


def action_matches(pattern: str, action: str) -> bool:
    """An ``Action`` entry (wildcards allowed) against ``service:Action``; case-insensitive."""
    return _like(pattern, action, ignore_case=True)


def arn_matches(pattern: str, arn: str) -> bool:
    """``ArnLike``: each of the six colon-separated parts is matched on its own, wildcards
    included; ``*`` alone matches every ARN.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
    """
    if pattern == "*":
        return True
    ours, theirs = pattern.split(":", 5), arn.split(":", 5)
    if len(ours) != 6 or len(theirs) != 6:
        return pattern == arn
    return all(_like(o, t) for o, t in zip(ours, theirs, strict=True))


def _as_list(node: Any) -> list[Any]:
    return node if isinstance(node, list) else [node]


def _resource_matches(pattern: str, request: Request) -> bool:
    if request.resource is None or request.resource == ANY_RESOURCE:
        return pattern == "*"
    return arn_matches(pattern, request.resource)


def _principal_matches(principal: Any, request: Request) -> bool:
    """``"*"``, or an ``AWS`` entry naming the role, its account id or its account root."""
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    account = request.principal_account
    partition = request.principal_arn.split(":")[1]
    names = {"*", request.principal_arn, account, f"arn:{partition}:iam::{account}:root"}
    return any(entry in names for entry in _as_list(principal.get("AWS", [])))


def _substitute(value: str, request: Request) -> str:
    """Policy variables (``${aws:PrincipalAccount}``) and the escapes ``${*}``, ``${?}``, ``${$}``.

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    A variable whose key is absent makes the value unmatchable, as AWS does.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in ("*", "?", "$"):
            return name
        found = request.value(name)
        return found[0] if found else "\x00absent\x00"

    return re.sub(r"\$\{([^}]+)\}", replace, value)


def _compare(base: str) -> tuple[Callable[[str, str], bool], bool]:
    """(positive match of request value against policy value, whether the operator is negated)."""
    table: dict[str, tuple[Callable[[str, str], bool], bool]] = {
        "StringEquals": (lambda r, p: r == p, False),
        "StringNotEquals": (lambda r, p: r == p, True),
        "StringEqualsIgnoreCase": (lambda r, p: r.lower() == p.lower(), False),
        "StringNotEqualsIgnoreCase": (lambda r, p: r.lower() == p.lower(), True),
        "StringLike": (lambda r, p: _like(p, r), False),
        "StringNotLike": (lambda r, p: _like(p, r), True),
        # ArnEquals behaves as ArnLike (same page, "Amazon Resource Name (ARN) condition
        # operators").
        "ArnEquals": (lambda r, p: arn_matches(p, r), False),
        "ArnLike": (lambda r, p: arn_matches(p, r), False),
        "ArnNotEquals": (lambda r, p: arn_matches(p, r), True),
        "ArnNotLike": (lambda r, p: arn_matches(p, r), True),
        "Bool": (lambda r, p: r.lower() == p.lower(), False),
        "NumericEquals": (lambda r, p: float(r) == float(p), False),
        "NumericNotEquals": (lambda r, p: float(r) == float(p), True),
        "NumericLessThan": (lambda r, p: float(r) < float(p), False),
        "NumericLessThanEquals": (lambda r, p: float(r) <= float(p), False),
        "NumericGreaterThan": (lambda r, p: float(r) > float(p), False),
        "NumericGreaterThanEquals": (lambda r, p: float(r) >= float(p), False),
    }
    if base not in table:
        raise UnsupportedConditionError(f"condition operator {base} is not modelled")
    return table[base]


def _operator_holds(
    operator: str, key: str, policy_values: Sequence[str], request: Request
) -> bool:
    qualifier, _, base = operator.rpartition(":")
    if qualifier not in ("", "ForAnyValue", "ForAllValues"):
        raise UnsupportedConditionError(f"condition qualifier {qualifier} is not modelled")
    if_exists = base.endswith("IfExists")
    base = base.removesuffix("IfExists")
    present = request.value(key)
    if base == "Null":
        # "true": the key must be absent; "false": present.
        return any((present is None) == (str(v).lower() == "true") for v in policy_values)
    match, negated = _compare(base)
    # An absent key matches nothing, so a negated operator holds; IfExists holds; a set
    # operator over no values: ForAllValues holds, ForAnyValue does not.
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    if not present:
        if if_exists or qualifier == "ForAllValues":
            return True
        if qualifier == "ForAnyValue":
            return False
        # Absent key: no match; a negated operator ("must not match") is then true.
        return negated
    values = [_substitute(str(v), request) for v in policy_values]

    def one(request_value: str) -> bool:
        hit = any(match(request_value, value) for value in values)
        return not hit if negated else hit

    if qualifier == "ForAllValues":
        return all(one(v) for v in present)
    return any(one(v) for v in present)


def condition_holds(condition: Mapping[str, Any] | None, request: Request) -> bool:
    """Every operator, and every key within it, must hold (they are ANDed)."""
    if not condition:
        return True
    return all(
        _operator_holds(operator, key, [str(v) for v in _as_list(values)], request)
        for operator, keys in condition.items()
        for key, values in keys.items()
    )


def statement_applies(statement: Mapping[str, Any], request: Request) -> bool:
    """Whether the statement covers the request (action, resource, principal and condition).

    A statement without ``Principal`` (identity policies, SCPs) covers every principal it is
    attached to.
    """
    if "Action" in statement:
        if not any(action_matches(a, request.action) for a in _as_list(statement["Action"])):
            return False
    elif any(action_matches(a, request.action) for a in _as_list(statement.get("NotAction", []))):
        return False
    if "Resource" in statement:
        if not any(_resource_matches(r, request) for r in _as_list(statement["Resource"])):
            return False
    elif "NotResource" in statement:
        # Unknown resource: assume it is not one of those excluded (the Deny may apply).
        excluded = [
            r
            for r in _as_list(statement["NotResource"])
            if request.resource is not None and _resource_matches(r, request)
        ]
        if excluded:
            return False
    if "Principal" in statement and not _principal_matches(statement["Principal"], request):
        return False
    if "NotPrincipal" in statement and _principal_matches(statement["NotPrincipal"], request):
        return False
    return condition_holds(statement.get("Condition"), request)


Decision = Literal["Allow", "ExplicitDeny", "ImplicitDeny"]


def decide(documents: Iterable[Mapping[str, Any] | str | None], request: Request) -> Decision:
    """The decision of ``documents`` (policy objects or their JSON text; None is skipped) for
    ``request``: ``"ExplicitDeny"`` if any statement that applies denies, else ``"Allow"`` if
    one allows, else ``"ImplicitDeny"``.

    Only the documents given are evaluated (e.g. a resource policy alone); identity policies,
    SCPs and permissions boundaries are the caller's to add.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

    Raises
    ------
    UnsupportedConditionError
        If a statement that matches the request uses an operator this module does not model.
    """
    allowed = False
    for document in documents:
        if document is None:
            continue
        parsed = json.loads(document) if isinstance(document, str) else document
        for statement in _as_list(parsed.get("Statement", [])):
            if not statement_applies(statement, request):
                continue
            if statement.get("Effect") == "Deny":
                return "ExplicitDeny"
            allowed = allowed or statement.get("Effect") == "Allow"
    return "Allow" if allowed else "ImplicitDeny"
