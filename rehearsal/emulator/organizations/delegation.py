"""A delegated administrator's Organizations calls, answered by the organization it manages.

moto keeps an organization in its management account's backend only, so any call from a
member account finds no organization (``AWSOrganizationsNotInUseException``). AWS lets a member
account named in the organization's resource-based delegation policy call the actions that
policy allows, on the organization itself. ``backend_for`` returns the management account's
backend for such a call: the policy (``PutResourcePolicy``) is evaluated for the account's root
principal, with ``organizations:PolicyType`` taken from the request (``Type``, ``Filter``,
``PolicyType``) or from the policy named by ``PolicyId``, for each resource the request names
(the policy, ``TargetId``, ``RootId``, ``ResourceId``; ``*`` when it names none). A call the
policy does not allow stays with the member's own backend, which refuses it as before.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs-policy-delegate.html
"""

from __future__ import annotations

from typing import Any

from rehearsal.emulator.iam_policy import Request, decide

__all__ = ["backend_for"]


def _policy_type(management: Any, params: dict[str, Any]) -> str | None:
    for name in ("Type", "Filter", "PolicyType"):
        if isinstance(params.get(name), str):
            return str(params[name])
    policy_id = params.get("PolicyId")
    for policy in getattr(management, "policies", []):
        if policy.id == policy_id:
            return str(policy.type)
    return None


def _resources(management: Any, params: dict[str, Any]) -> list[str]:
    arns = {policy.id: policy.arn for policy in getattr(management, "policies", [])}
    found = []
    for name in ("PolicyId", "TargetId", "RootId", "ResourceId"):
        node_id = params.get(name)
        if not isinstance(node_id, str):
            continue
        node = management._node(node_id) if hasattr(management, "_node") else None
        arn = arns.get(node_id) or getattr(node, "arn", None)
        found.append(str(arn) if arn else node_id)
    return found or ["*"]


def backend_for(own: Any, management: Any | None, action: str, params: dict[str, Any]) -> Any:
    """The backend that answers ``action``: the management one if delegation allows it."""
    if own.org is not None or management is None or management.org is None:
        return own
    policy = getattr(management, "resource_policy", None)
    if policy is None:
        return own
    policy_type = _policy_type(management, params)
    context = {"organizations:PolicyType": (policy_type,)} if policy_type else {}
    principal = f"arn:aws:iam::{own.account_id}:root"
    requests = [
        Request(principal, f"organizations:{action}", resource, context)
        for resource in _resources(management, params)
    ]
    allowed = all(decide([policy.content], request) == "Allow" for request in requests)
    return management if allowed else own
