"""Bring a policy's targets and tags to what the request says: attach first, detach last."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping

from backup_org_policy_manager.budget import Budget
from backup_org_policy_manager.metric_names import TARGETS_ATTACHED, TARGETS_DETACHED, Count
from backup_org_policy_manager.ports import OrganizationsPort
from backup_org_policy_manager.request import BACKUP_POLICY

__all__ = ["attach_all", "detach_all", "sync_tags"]

logger = logging.getLogger(__name__)


def attach_all(
    org: OrganizationsPort,
    policy_id: str,
    targets: Iterable[str],
    count: Count,
    budget: Budget | None = None,
) -> int:
    """Attach ``policy_id`` to each target, in order; returns how many were newly attached.

    Raises ``TargetError`` naming the first target that fails for good: the remaining ones
    are not tried, so CloudFormation's rollback has the least to undo. With a ``budget``,
    stops (``budget.unfinished``) when the next call would not fit this invocation.
    """
    pending = list(targets)
    if not pending:
        return 0
    org.ensure_policy_type_enabled(BACKUP_POLICY)
    attached = sum(org.attach(policy_id, t) for t in _while_time(pending, budget, "attach"))
    count(TARGETS_ATTACHED, attached)
    logger.info("attached %s to %d of %d targets", policy_id, attached, len(pending))
    return attached


def detach_all(
    org: OrganizationsPort,
    policy_id: str,
    targets: Iterable[str],
    count: Count,
    budget: Budget | None = None,
) -> int:
    """Detach ``policy_id`` from each target (sorted); returns how many were attached.

    With a ``budget``, stops (``budget.unfinished``) when the next call would not fit.
    """
    pending = sorted(targets)
    detached = sum(org.detach(policy_id, t) for t in _while_time(pending, budget, "detach"))
    if pending:
        count(TARGETS_DETACHED, detached)
        logger.info("detached %s from %d of %d targets", policy_id, detached, len(pending))
    return detached


def _while_time(targets: list[str], budget: Budget | None, work: str) -> Iterator[str]:
    for index, target in enumerate(targets):
        if budget is not None and not budget.has_time():
            budget.left[work] = targets[index:]
            return
        yield target


def sync_tags(
    org: OrganizationsPort, policy_id: str, current: Mapping[str, str], wanted: Mapping[str, str]
) -> None:
    """Make the policy's tags equal ``wanted`` with at most one tag and one untag call."""
    changed = {key: value for key, value in wanted.items() if current.get(key) != value}
    if changed:
        org.tag_policy(policy_id, changed)
    removed = sorted(set(current) - set(wanted))
    if removed:
        org.untag_policy(policy_id, removed)
