"""Auto-deployment of service-managed StackSets: after an account is created, moved, closed or
removed in Organizations, every StackSet of that organization with AutoDeployment enabled gets
instances for the accounts now targeted and loses those of accounts no longer targeted (their
stacks deleted, or kept but disassociated when RetainStacksOnAccountRemoval is true).

Source: AutoDeployment
(https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_AutoDeployment.html),
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html.
The OU targets are re-read at each change and the account filter applies as at creation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.organizations import models as org_models

from rehearsal.emulator.cloudformation.stacksets_operations import OrgStackSet, reconcile
from rehearsal.emulator.cloudformation.stacksets_targets import (
    STACKSETS_PRINCIPAL,
    management_backend,
)

__all__ = ["HOOKED_OPERATIONS", "install", "sync_organization"]

HOOKED_OPERATIONS = (
    "create_account",
    "move_account",
    "close_account",
    "remove_account_from_organization",
)
_MARK = "__stacksets_auto_deployment__"


def _stacksets_of(management_account_id: str) -> Iterator[OrgStackSet]:
    for account_id, regions in list(cfn_models.cloudformation_backends.items()):
        org = management_backend(account_id)
        if org is None or org.org is None or org.org.master_account_id != management_account_id:
            continue
        for backend in list(regions.values()):
            for stackset in list(backend.stacksets.values()):
                if (
                    isinstance(stackset, OrgStackSet)
                    and stackset.permission_model == "SERVICE_MANAGED"
                    and stackset.status == "ACTIVE"
                    and stackset.auto_deployment
                    and stackset.auto_deployment.get("Enabled")
                ):
                    yield stackset


def sync_organization(management_account_id: str) -> list[dict[str, Any]]:
    """Reconcile every auto-deployed StackSet of the organization; returns the operations run."""
    operations: list[dict[str, Any]] = []
    for stackset in _stacksets_of(management_account_id):
        retain = bool(
            stackset.auto_deployment
            and stackset.auto_deployment.get("RetainStacksOnAccountRemoval")
        )
        operations += reconcile(stackset, retain, stackset.operation_preferences)
    return operations


def _hooked(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def run(self: org_models.OrganizationsBackend, *args: Any, **kwargs: Any) -> Any:
        organization = self.org
        result = method(self, *args, **kwargs)
        if organization is not None:
            sync_organization(organization.master_account_id)
        return result

    setattr(run, _MARK, True)
    return run


def install() -> None:
    """Wrap the account operations of whichever Organizations backend class moto builds now
    (ours or moto's), so the wrapper sits outside any override that class already has; and let
    an account register as StackSets delegated administrator, which moto 5.2 refuses
    (https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-cloudformation.html).
    """
    supported = org_models.FakeDelegatedAdministrator.SUPPORTED_SERVICES
    if STACKSETS_PRINCIPAL not in supported:
        supported.append(STACKSETS_PRINCIPAL)
    backend_class = org_models.organizations_backends.backend
    for name in HOOKED_OPERATIONS:
        method = getattr(backend_class, name)
        if not getattr(method, _MARK, False):
            setattr(backend_class, name, _hooked(method))
