"""Create, Update and Delete of ``Custom::BackupOrgPolicy`` over an ``OrganizationsPort``.

Validation always comes before the first write; a policy without our ownership tags is
never changed; every step is safe to repeat (CloudFormation retries, rollbacks).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping

from backup_org_policy_manager.attachments import attach_all, detach_all, sync_tags
from backup_org_policy_manager.budget import Budget
from backup_org_policy_manager.content import ObjectReader, content_digest, prepare_content
from backup_org_policy_manager.errors import NotOwnedError, OrganizationsError, PolicyManagerError
from backup_org_policy_manager.metric_names import (
    INVALID_EFFECTIVE_POLICY_ACCOUNTS,
    POLICIES_ADOPTED,
    POLICIES_CREATED,
    POLICIES_DELETED,
    POLICIES_UPDATED,
    Count,
    ignore,
)
from backup_org_policy_manager.ports import OrganizationsPort, PolicyRef
from backup_org_policy_manager.request import BACKUP_POLICY, Owner, PolicyRequest

__all__ = [
    "POLICY_ID",
    "create",
    "delete",
    "is_policy_id",
    "previous_state",
    "resume",
    "update",
]

logger = logging.getLogger(__name__)

# https://docs.aws.amazon.com/organizations/latest/APIReference/API_Policy.html
POLICY_ID = re.compile(r"p-[0-9a-zA-Z_]{8,128}")
_DELETE_ATTEMPTS = 3  # someone may attach the policy again between our detach and delete
_FIXED_WRITES = 3  # create or update, tags, enabling the policy type


def is_policy_id(value: str) -> bool:
    """Whether ``value`` looks like a policy id (crhelper invents other ids on failed Creates)."""
    return POLICY_ID.fullmatch(value) is not None


def create(
    request: PolicyRequest,
    org: OrganizationsPort,
    *,
    read_object: ObjectReader,
    on_policy_id: Callable[[str], None] = lambda policy_id: None,
    count: Count = ignore,
    budget: Budget | None = None,
) -> PolicyRef:
    """Create (or adopt our own same-named) policy and attach it to every target.

    ``on_policy_id`` learns the id as soon as it exists, so a Create that fails later still
    reports it and CloudFormation's Delete cleans up. With a ``budget``, the work is checked
    against the time left before the first write (``TimeBudgetError`` refuses it) and stops
    when this invocation's time is up (``budget.unfinished``; ``resume`` goes on).
    """
    content = prepare_content(request, read_object)
    if budget is not None:
        _check_create(request, org, budget)
    ref, current, _ = _create_or_adopt(request, content, org, count)
    on_policy_id(ref.policy_id)
    _converge(org, ref.policy_id, request.targets, current, count, budget)
    return ref


def resume(
    policy_id: str,
    attach: list[str],
    detach: list[str],
    owner: Owner,
    org: OrganizationsPort,
    *,
    budget: Budget,
    count: Count = ignore,
) -> None:
    """Go on where an earlier slice stopped: attach ``attach``, then detach ``detach``
    (those already done are skipped: the policy's targets are listed first).

    Raises ``NotOwnedError`` when the policy lost our ownership tags, ``OrganizationsError``
    when it is gone.
    """
    tags = org.list_tags(policy_id)
    if tags is None:
        raise OrganizationsError("ListTagsForResource", "PolicyNotFoundException", policy_id)
    if not owner.owns(tags):
        raise NotOwnedError(policy_id)
    current = org.list_targets(policy_id)
    todo = [t for t in attach if t not in current]
    attach_all(org, policy_id, todo, count, budget)
    if budget.unfinished:
        budget.left["detach"] = list(detach)
        return
    detach_all(org, policy_id, [t for t in detach if t in current], count, budget)
    if budget.left:  # the detaching stopped: nothing is left to attach
        budget.left.setdefault("attach", [])


def _converge(
    org: OrganizationsPort,
    policy_id: str,
    targets: tuple[str, ...],
    current: frozenset[str],
    count: Count,
    budget: Budget | None,
) -> None:
    """Attach the missing targets first, then detach the extra ones, while time lasts."""
    extra = sorted(current - set(targets))
    attach_all(org, policy_id, [t for t in targets if t not in current], count, budget)
    if budget is not None and budget.unfinished:
        budget.left["detach"] = extra
        return
    detach_all(org, policy_id, extra, count, budget)
    if budget is None or not budget.unfinished:
        _warn_invalid_accounts(org, count)
    else:
        budget.left.setdefault("attach", [])


def _check_create(request: PolicyRequest, org: OrganizationsPort, budget: Budget) -> None:
    # Reads first: they are what the rate is observed on, and they size the work.
    existing = org.find_policy(request.name)
    current = org.list_targets(existing.policy_id) if existing is not None else frozenset()
    wanted = set(request.targets)
    changes = len(wanted - current) + len(current - wanted)
    budget.check(changes + _FIXED_WRITES, targets=changes, listed=len(wanted | current))


def update(
    request: PolicyRequest,
    old_properties: Mapping[str, object],
    physical_id: str,
    org: OrganizationsPort,
    *,
    read_object: ObjectReader,
    count: Count = ignore,
    budget: Budget | None = None,
) -> PolicyRef:
    """Update in place (same name) or replace (new name, or the policy is gone).

    With a ``budget``, as ``create``: refused before any write when it cannot finish in
    time; when it must continue, the content and tags change first, then the targets.
    """
    content = prepare_content(request, read_object)
    old_name, old_targets = previous_state(old_properties)
    tags = org.list_tags(physical_id) if is_policy_id(physical_id) else None
    if old_name != request.name or tags is None:
        logger.info("replacing %s (renamed or gone)", physical_id)
        if budget is not None:
            _check_create(request, org, budget)
        return _replace(request, content, org, count, budget)
    if not request.owner.owns(tags):
        raise NotOwnedError(physical_id)
    wanted = list(request.targets)
    if old_targets == frozenset(wanted) and budget is None:
        to_attach, to_detach = [], frozenset[str]()
    else:  # converge on what is attached now: also right after a partly applied update
        current = org.list_targets(physical_id)
        to_attach, to_detach = [t for t in wanted if t not in current], current - set(wanted)
    changes = len(to_attach) + len(to_detach)
    listed = len(set(wanted) | set(to_detach))
    later = budget is not None and budget.check(
        changes + _FIXED_WRITES, targets=changes, listed=listed
    )
    if not later:
        attach_all(org, physical_id, to_attach, count, budget)
    ref = org.update_policy(physical_id, request.description, content)
    sync_tags(org, physical_id, tags, {**request.tags, **request.owner.tags()})
    if later:
        attach_all(org, physical_id, to_attach, count, budget)
    if budget is not None and budget.unfinished:
        budget.left["detach"] = sorted(to_detach)
        return ref
    detach_all(org, physical_id, to_detach, count, budget)
    if budget is not None and budget.unfinished:
        budget.left.setdefault("attach", [])
        return ref
    count(POLICIES_UPDATED, 1)
    logger.info("updated %s (content %s)", physical_id, content_digest(content))
    _warn_invalid_accounts(org, count)
    return ref


def delete(
    physical_id: str,
    owner: Owner,
    org: OrganizationsPort,
    *,
    count: Count = ignore,
    budget: Budget | None = None,
) -> None:
    """Detach everywhere and delete; an id that is no policy, or a policy gone, is success.

    Never refused: with a ``budget`` it detaches while time lasts and leaves the rest, and
    the deletion, to the next invocation (``budget.unfinished``).
    """
    if not is_policy_id(physical_id):
        logger.info("nothing to delete: %r is not a policy id", physical_id[:128])
        return
    tags = org.list_tags(physical_id)
    if tags is None:
        logger.info("policy %s is already gone", physical_id)
        return
    if not owner.owns(tags):
        raise NotOwnedError(physical_id)
    for attempt in range(1, _DELETE_ATTEMPTS + 1):
        detach_all(org, physical_id, org.list_targets(physical_id), count, budget)
        if budget is not None and (budget.unfinished or not budget.has_time()):
            return
        try:
            org.delete_policy(physical_id)
        except OrganizationsError as error:
            if error.code != "PolicyInUseException" or attempt == _DELETE_ATTEMPTS:
                raise
            continue
        count(POLICIES_DELETED, 1)
        logger.info("deleted %s", physical_id)
        return


def previous_state(old: Mapping[str, object]) -> tuple[str | None, frozenset[str] | None]:
    """Name and targets of the old properties, read leniently (they may be a rejected update)."""
    name = old.get("PolicyName")
    targets = old.get("PolicyTargets")
    if isinstance(targets, str):
        targets = targets.split(",")
    found = (
        frozenset(t.strip() for t in targets if isinstance(t, str) and t.strip())
        if isinstance(targets, list)
        else None
    )
    return (name if isinstance(name, str) else None), found


def _create_or_adopt(
    request: PolicyRequest, content: str, org: OrganizationsPort, count: Count
) -> tuple[PolicyRef, frozenset[str], bool]:
    """The policy to use, the targets it already has, and whether we just created it."""
    wanted_tags = {**request.tags, **request.owner.tags()}
    ref = org.create_policy(request.name, request.description, content, wanted_tags)
    if ref is not None:
        count(POLICIES_CREATED, 1)
        logger.info("created %s (content %s)", ref.policy_id, content_digest(content))
        return ref, frozenset(), True
    existing = org.find_policy(request.name)
    tags = org.list_tags(existing.policy_id) if existing else None
    if existing is None or tags is None:  # deleted between our two calls
        raise OrganizationsError("CreatePolicy", "DuplicatePolicyException", subject="PolicyName")
    if not request.owner.owns(tags):
        raise NotOwnedError(existing.policy_id, field="PolicyName")
    ref = org.update_policy(existing.policy_id, request.description, content)
    sync_tags(org, ref.policy_id, tags, wanted_tags)
    count(POLICIES_ADOPTED, 1)
    logger.info("adopted our own policy %s", ref.policy_id)
    return ref, org.list_targets(ref.policy_id), False


def _replace(
    request: PolicyRequest,
    content: str,
    org: OrganizationsPort,
    count: Count,
    budget: Budget | None = None,
) -> PolicyRef:
    """A new policy for an Update; removed again if the Update fails after creating it."""
    ref, current, created = _create_or_adopt(request, content, org, count)
    try:
        attach_all(
            org, ref.policy_id, [t for t in request.targets if t not in current], count, budget
        )
        if budget is not None and budget.unfinished:
            budget.left["detach"] = sorted(current - set(request.targets))
            return ref
        detach_all(org, ref.policy_id, current - set(request.targets), count, budget)
    except PolicyManagerError:
        # CloudFormation keeps the old id after a failed Update and never deletes this one.
        if created:
            _discard(ref.policy_id, org)
        raise
    _warn_invalid_accounts(org, count)
    return ref


def _discard(policy_id: str, org: OrganizationsPort) -> None:
    try:
        detach_all(org, policy_id, org.list_targets(policy_id), ignore)
        org.delete_policy(policy_id)
    except PolicyManagerError as error:
        logger.error("could not remove %s after a failed replacement: %s", policy_id, error)


def _warn_invalid_accounts(org: OrganizationsPort, count: Count) -> None:
    accounts = org.accounts_with_invalid_effective_policy(BACKUP_POLICY)
    if accounts is None:
        return
    count(INVALID_EFFECTIVE_POLICY_ACCOUNTS, len(accounts))
    if accounts:
        logger.warning(
            "%d accounts have an invalid effective backup policy",
            len(accounts),
            extra={"accounts": accounts[:50]},
        )
