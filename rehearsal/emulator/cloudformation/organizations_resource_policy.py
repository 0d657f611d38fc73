"""Organizations' resource-based delegation policy (Put/Describe/DeleteResourcePolicy), which
moto 5.2 lacks: one policy per organization, managed from the management account only.

https://docs.aws.amazon.com/organizations/latest/APIReference/API_PutResourcePolicy.html
https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeResourcePolicy.html
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from moto.moto_api._internal import mock_random
from moto.organizations import models as org_models
from moto.organizations import responses as org_responses
from moto.organizations.exceptions import (
    AWSOrganizationsNotInUseException,
    OrganizationsClientError,
)

__all__ = ["ResourcePolicy", "install", "organization_backend"]


class ResourcePolicyNotFoundException(OrganizationsClientError):
    """Raised when the organization has no resource policy."""

    def __init__(self) -> None:
        super().__init__(
            "ResourcePolicyNotFoundException",
            "We can't find a resource policy request with the parameter that you specified.",
        )


class AccessDeniedException(OrganizationsClientError):
    """Raised when an account other than the management account manages the policy."""

    def __init__(self) -> None:
        super().__init__(
            "AccessDeniedException",
            "You don't have permissions to access this resource. Only the management account "
            "can manage the organization's resource policy.",
        )


@dataclass(slots=True)
class ResourcePolicy:
    """The organization's one delegation policy: ids and the JSON text, as AWS returns them."""

    id: str
    arn: str
    content: str

    def describe(self) -> dict[str, Any]:
        return {
            "ResourcePolicySummary": {"Id": self.id, "Arn": self.arn},
            "Content": self.content,
        }


def organization_backend(account_id: str, partition: str = "aws") -> Any:
    """The Organizations backend that holds ``account_id``'s organization (its management's)."""
    backends = org_models.organizations_backends
    owner = backends.master_accounts.get(account_id)
    if owner is not None:
        return backends[owner[0]][owner[1]]
    return backends[account_id][partition]


def _management_backend(account_id: str, partition: str) -> Any:
    backend = organization_backend(account_id, partition)
    if backend.org is None:
        raise AWSOrganizationsNotInUseException()
    if backend.org.master_account_id != account_id:
        raise AccessDeniedException()
    return backend


def put_resource_policy(account_id: str, content: str, partition: str = "aws") -> ResourcePolicy:
    """Create or replace the organization's resource policy (management account only)."""
    backend = _management_backend(account_id, partition)
    json.loads(content)  # malformed JSON is refused before anything changes
    current: ResourcePolicy | None = getattr(backend, "resource_policy", None)
    if current is None:
        policy_id = "rp-" + mock_random.get_random_string(length=8, lower_case=True)
        arn = (
            f"arn:{partition}:organizations::{account_id}:resourcepolicy/"
            f"{backend.org.id}/{policy_id}"
        )
        current = ResourcePolicy(policy_id, arn, content)
        backend.resource_policy = current
    current.content = content
    return current


def describe_resource_policy(account_id: str, partition: str = "aws") -> ResourcePolicy:
    """The organization's resource policy; any account of the organization may read it."""
    backend = organization_backend(account_id, partition)
    policy: ResourcePolicy | None = getattr(backend, "resource_policy", None)
    if policy is None:
        raise ResourcePolicyNotFoundException()
    return policy


def delete_resource_policy(account_id: str, partition: str = "aws") -> None:
    """Delete the organization's resource policy (management account only)."""
    backend = _management_backend(account_id, partition)
    if getattr(backend, "resource_policy", None) is None:
        raise ResourcePolicyNotFoundException()
    backend.resource_policy = None


class _Responses:
    """Response methods, copied onto moto's OrganizationsResponse (and so its subclasses)."""

    def put_resource_policy(self: Any) -> str:
        params = self.request_params
        policy = put_resource_policy(self.current_account, params["Content"], self.partition)
        return json.dumps(
            {
                "ResourcePolicy": {
                    "ResourcePolicySummary": policy.describe()["ResourcePolicySummary"]
                }
            }
        )

    def describe_resource_policy(self: Any) -> str:
        policy = describe_resource_policy(self.current_account, self.partition)
        return json.dumps({"ResourcePolicy": policy.describe()})

    def delete_resource_policy(self: Any) -> str:
        delete_resource_policy(self.current_account, self.partition)
        return "{}"


def install() -> None:
    """Add the three operations to moto's Organizations responses where missing (idempotent)."""
    target = org_responses.OrganizationsResponse
    for name in ("put_resource_policy", "describe_resource_policy", "delete_resource_policy"):
        if not hasattr(target, name):
            setattr(target, name, getattr(_Responses, name))
