"""Which accounts a service-managed StackSet deploys to: OU targets at any depth, the account
filter, never the management account; and who may operate such a StackSet (CallAs).

Sources: DeploymentTargets (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html),
"StackSets doesn't deploy stack instances to the organization's management account, even if the
management account is in your organization or in an OU in your organization"
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-associate-stackset-with-org.html),
CallAs (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.organizations import models as org_models
from moto.organizations.models import OrganizationsBackend

__all__ = [
    "STACKSETS_PRINCIPAL",
    "check_call_as",
    "management_backend",
    "resolve_accounts",
]

STACKSETS_PRINCIPAL = "member.org.stacksets.cloudformation.amazonaws.com"
ACCOUNT_FILTER_TYPES = ("NONE", "INTERSECTION", "DIFFERENCE", "UNION")

# The messages AWS answers with (seen in public reports of these exact refusals, e.g.
# hashicorp/terraform-provider-aws#32536 and cdklabs/cdk-stacksets#265).
NOT_ADMIN = (
    "You must be the management account or delegated admin account of an organization "
    "before operating a SERVICE_MANAGED stack set"
)
NOT_DELEGATED = "Account used is not a delegated administrator"
NO_TRUSTED_ACCESS = "You must enable organizations access to operate a service managed stack set"


def management_backend(account_id: str) -> OrganizationsBackend | None:
    """The Organizations backend of the management account ``account_id`` belongs to (or None)."""
    backends = org_models.organizations_backends
    owner = backends.master_accounts.get(account_id, (account_id, "aws"))
    backend: OrganizationsBackend = backends[owner[0]][owner[1]]
    return backend if backend.org is not None else None


def check_call_as(account_id: str, call_as: str) -> OrganizationsBackend:
    """Refuse a caller that may not operate a service-managed StackSet, as AWS does.

    Returns
    -------
    The organization's management backend.

    Raises
    ------
    ValidationError
        Not in an organization, SELF from a member account, DELEGATED_ADMIN from an account not
        registered for ``member.org.stacksets.cloudformation.amazonaws.com``, or trusted access
        for StackSets not activated.
    """
    if call_as not in ("SELF", "DELEGATED_ADMIN"):
        raise ValidationError(
            message=f"1 validation error detected: Value '{call_as}' at 'callAs' failed to "
            "satisfy constraint: Member must satisfy enum value set: [SELF, DELEGATED_ADMIN]"
        )
    org = management_backend(account_id)
    if org is None or org.org is None:
        raise ValidationError(message=NOT_ADMIN)
    is_management = org.org.master_account_id == account_id
    if call_as == "SELF" and not is_management:
        raise ValidationError(message=NOT_ADMIN)
    if call_as == "DELEGATED_ADMIN":
        registered = any(
            admin.account.id == account_id and STACKSETS_PRINCIPAL in admin.services
            for admin in org.admins
        )
        if not registered:
            raise ValidationError(message=NOT_DELEGATED)
    if not any(s["ServicePrincipal"] == STACKSETS_PRINCIPAL for s in org.services):
        raise ValidationError(message=NO_TRUSTED_ACCESS)
    return org


def _descendant_ous(org: OrganizationsBackend, ou_ids: Sequence[str]) -> set[str]:
    found = set(ou_ids)
    frontier = list(ou_ids)
    while frontier:
        parent = frontier.pop()
        for ou in org.ou:
            if ou.parent_id == parent and ou.id not in found:
                found.add(ou.id)
                frontier.append(ou.id)
    return found


def resolve_accounts(
    org: OrganizationsBackend, targets: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(account id, the target OU it came through) for ``targets`` (a DeploymentTargets shape).

    OU targets include every ACTIVE account in the OU and in all its descendant OUs; the
    ``AccountFilterType`` combines them with ``Accounts`` (NONE ignores Accounts, INTERSECTION
    keeps only listed accounts, DIFFERENCE drops them, UNION adds them); the management account
    is never a target.

    Raises
    ------
    ValidationError
        No ``OrganizationalUnitIds``, an unknown OU or filter type, or a listed account that is
        not in the organization.
    """
    ou_ids: list[str] = list(targets.get("OrganizationalUnitIds") or [])
    accounts: list[str] = list(targets.get("Accounts") or [])
    filter_type = targets.get("AccountFilterType") or "NONE"
    if filter_type not in ACCOUNT_FILTER_TYPES:
        raise ValidationError(
            message=f"1 validation error detected: Value '{filter_type}' at "
            "'deploymentTargets.accountFilterType' failed to satisfy constraint: Member must "
            "satisfy enum value set: [NONE, INTERSECTION, DIFFERENCE, UNION]"
        )
    if not ou_ids:
        raise ValidationError(
            message="StackSets with SERVICE_MANAGED permission model can only have "
            "OrganizationalUnit as target (DeploymentTargets.OrganizationalUnitIds is required)"
        )
    known = {ou.id for ou in org.ou}
    missing = [ou_id for ou_id in ou_ids if ou_id not in known]
    if missing:
        raise ValidationError(
            message=f"DeploymentTargets.OrganizationalUnitIds: {', '.join(missing)} not found "
            "in the organization"
        )
    members = {a.id: a for a in org.accounts}
    strangers = [a for a in accounts if a not in members]
    if strangers and filter_type != "NONE":
        raise ValidationError(
            message=f"DeploymentTargets.Accounts: {', '.join(strangers)} not in the organization"
        )
    management = org.org.master_account_id if org.org else ""
    # The OU each account is reached through: the listed OU that is its nearest ancestor.
    reached: dict[str, str] = {}
    for ou_id in ou_ids:
        subtree = _descendant_ous(org, [ou_id])
        for account in org.accounts:
            if account.parent_id in subtree:
                reached.setdefault(account.id, ou_id)
    chosen = dict(reached)
    if filter_type == "INTERSECTION":
        chosen = {a: ou for a, ou in reached.items() if a in accounts}
    elif filter_type == "DIFFERENCE":
        chosen = {a: ou for a, ou in reached.items() if a not in accounts}
    elif filter_type == "UNION":
        for account_id in accounts:
            chosen.setdefault(account_id, "")
    return [
        (account_id, ou_id)
        for account_id, ou_id in chosen.items()
        if account_id != management and members[account_id].status == "ACTIVE"
    ]
