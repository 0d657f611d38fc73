"""The requests a deployer's call on an action becomes: one per resource of the action's
resource types it names, each with the request context AWS gives it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rehearsal.emulator.iam_policy import ANY_RESOURCE, Request
from tests.templates import sar
from tests.templates.deployments import deployments as longest_deployments
from tests.templates.self_lockout.deployers import Principal

__all__ = ["Call", "org_id", "requests_for"]


@dataclass(frozen=True)
class Call:
    """A request a deployer makes, and what it was deploying when it made it."""

    principal: Principal
    request: Request
    deploying: str


@cache
def org_id() -> str:
    """The organization id the deployments pass (``aws:PrincipalOrgID`` of every deployer)."""
    return str(longest_deployments("templates/member-account.yaml")[0].parameters["OrganizationId"])


def _context(
    principal: Principal, action: str, resource: str | None, org: str
) -> dict[str, tuple[str, ...]]:
    """The request context keys a deployer's call carries; any other key is absent."""
    context: dict[str, tuple[str, ...]] = {
        "aws:PrincipalArn": (principal.arn,),
        "aws:PrincipalAccount": (principal.account,),
        "aws:PrincipalOrgID": (org,),
        "aws:PrincipalType": ("AssumedRole",),
        "aws:SecureTransport": ("true",),
        "aws:ViaAWSService": ("false",),
    }
    if resource and resource != ANY_RESOURCE and resource.split(":")[4]:
        context["aws:ResourceAccount"] = (resource.split(":")[4],)
    if action.lower().startswith("kms:"):
        context["kms:CallerAccount"] = (principal.account,)
    return context


def requests_for(
    principal: Principal, action: str, targets: Sequence[str], org: str
) -> list[Request]:
    """``principal``'s requests for ``action``: on each target the SAR's resource types for it
    can match, else on an unnamed resource; on ``"*"`` for an action without resource types."""
    try:
        found = sar.action(action)
    except sar.UnknownServiceError:
        found = None
    if found is None:
        return [Request(principal.arn, action, None, _context(principal, action, None, org))]
    if not found.arn_formats:
        return [
            Request(
                principal.arn,
                action,
                ANY_RESOURCE,
                _context(principal, action, ANY_RESOURCE, org),
            )
        ]
    named: list[str | None] = [
        t for t in targets if any(sar.arn_can_match(t, f) for f in found.arn_formats)
    ]
    return [
        Request(principal.arn, found.name, target, _context(principal, action, target, org))
        for target in (named or [None])
    ]
