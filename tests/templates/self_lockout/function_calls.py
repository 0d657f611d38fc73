"""The calls each custom resource's function makes while CloudFormation deploys it: what its
role's inline policies grant, with the keys their conditions ask for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from tests.templates import sar
from tests.templates.deployments import Deployment
from tests.templates.handler_needs import as_list
from tests.templates.loader import references
from tests.templates.self_lockout.deployers import Principal
from tests.templates.self_lockout.requests import Call, org_id, requests_for
from tests.templates.self_lockout.stack import Stack

__all__ = ["function_calls"]


def _grants(stack: Stack, role_id: str) -> list[Mapping[str, Any]]:
    """The Allow statements of a role's inline policies (``Policies``, ``AWS::IAM::RolePolicy``).

    Matched by reference, not by name as ``handler_permissions.role_statements`` does: generated
    names can coincide in the rendering; the references cannot.
    """
    documents = [
        p["PolicyDocument"] for p in stack.resources[role_id]["Properties"].get("Policies", [])
    ]
    for logical_id, resource in stack.resources.items():
        if resource["Type"] != "AWS::IAM::RolePolicy":
            continue
        raw = stack.raw["Resources"][logical_id]["Properties"]
        if role_id in references(raw.get("RoleName")):
            documents.append(resource["Properties"]["PolicyDocument"])
    return [
        s for d in documents for s in as_list(d.get("Statement", [])) if s.get("Effect") == "Allow"
    ]


def _granted_keys(statement: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The keys a request must carry to be allowed by ``statement`` (its exact-match
    conditions): the calls its role makes are the calls its own policy lets through."""
    keys: dict[str, tuple[str, ...]] = {}
    for operator in ("StringEquals", "ArnEquals", "Bool"):
        for key, values in (statement.get("Condition") or {}).get(operator, {}).items():
            values = as_list(values)
            keys[key] = (str(values[0]),)
    return keys


def function_calls(deployment: Deployment) -> list[Call]:
    """The calls each custom resource's function makes while CloudFormation deploys it: what
    its role's policies grant (a Deny of those fails the custom resource, and the stack)."""
    stack = Stack.of(deployment)
    org = org_id()
    found = []
    for logical_id, resource in stack.resources.items():
        if not resource["Type"].startswith("Custom::"):
            continue
        # Generated names can coincide in the rendering; the references cannot.
        function_id = stack.referenced(logical_id, "ServiceToken")
        role_id = stack.referenced(function_id, "Role") if function_id else None
        if function_id is None or role_id is None:
            continue
        role = str(stack.resources[function_id]["Properties"]["Role"])
        principal = Principal(f"function {function_id}", role)
        where = f"{deployment.template} {logical_id} (custom resource)"
        for statement in _grants(stack, role_id):
            resources = [r for r in as_list(statement["Resource"]) if r != "*"]
            for pattern in as_list(statement["Action"]):
                for action in sar.actions_matching(pattern) or []:
                    for request in requests_for(principal, action.name, resources, org):
                        context = {**request.context, **_granted_keys(statement)}
                        found.append(Call(principal, replace(request, context=context), where))
    return found
