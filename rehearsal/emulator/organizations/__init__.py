"""Organizations extension: BACKUP_POLICY, AWS's policy errors and limits, full pagination and
DescribeEffectivePolicy with a pluggable merge engine, installed into moto by ``install()``.
"""

from __future__ import annotations

from moto.organizations import models as moto_models

from rehearsal.emulator.organizations import access_keys
from rehearsal.emulator.organizations.effective import (
    EffectivePolicyChecker,
    EffectivePolicyEngine,
    effective_policy_checker,
    effective_policy_engine,
    set_effective_policy_checker,
    set_effective_policy_engine,
)
from rehearsal.emulator.organizations.models import OrganizationsBackend

# Services AWS lets an account be delegated administrator for that moto 5.2's list lacks.
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrated-services-list.html
# (AWS Backup: https://docs.aws.amazon.com/aws-backup/latest/devguide/manage-cross-account.html)
DELEGATABLE_SERVICES = ("backup.amazonaws.com",)

__all__ = [
    "DELEGATABLE_SERVICES",
    "EffectivePolicyChecker",
    "EffectivePolicyEngine",
    "effective_policy_checker",
    "effective_policy_engine",
    "install",
    "set_effective_policy_checker",
    "set_effective_policy_engine",
]


def install() -> None:
    """Make moto build our ``OrganizationsBackend`` for every account (idempotent).

    moto creates backends lazily from ``organizations_backends.backend`` and routes requests
    through the ``urls`` module beside the backend class, so swapping the class is the only
    patch. Backends built before the swap are dropped so none keeps moto's class. Every
    account it creates gets an IAM backend, so moto's per-request access-key lookup is indexed
    too (``access_keys``).
    """
    access_keys.install()
    supported = moto_models.FakeDelegatedAdministrator.SUPPORTED_SERVICES
    supported.extend(s for s in DELEGATABLE_SERVICES if s not in supported)
    backends = moto_models.organizations_backends
    if backends.backend is OrganizationsBackend:
        return
    backends.backend = OrganizationsBackend
    backends.clear()
