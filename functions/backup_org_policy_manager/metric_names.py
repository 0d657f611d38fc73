"""Names of the CloudWatch metrics this function emits, kept in one place for dashboards."""

from __future__ import annotations

from collections.abc import Callable

__all__ = [
    "INVALID_EFFECTIVE_POLICY_ACCOUNTS",
    "ORGANIZATIONS_RETRIES",
    "POLICIES_ADOPTED",
    "POLICIES_CREATED",
    "POLICIES_DELETED",
    "POLICIES_UPDATED",
    "TARGETS_ATTACHED",
    "TARGETS_DETACHED",
    "Count",
    "ignore",
]

POLICIES_CREATED = "PoliciesCreated"
POLICIES_ADOPTED = "PoliciesAdopted"
POLICIES_UPDATED = "PoliciesUpdated"
POLICIES_DELETED = "PoliciesDeleted"
TARGETS_ATTACHED = "TargetsAttached"
TARGETS_DETACHED = "TargetsDetached"
ORGANIZATIONS_RETRIES = "OrganizationsRetries"
INVALID_EFFECTIVE_POLICY_ACCOUNTS = "AccountsWithInvalidEffectivePolicy"

Count = Callable[[str, int], None]
"""Adds ``value`` to the metric ``name`` (app.py passes Powertools' ``add_metric``)."""


def ignore(name: str, value: int) -> None:
    """A ``Count`` that records nothing (the default outside the Lambda)."""
