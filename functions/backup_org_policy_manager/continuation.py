"""Work that goes on across invocations through crhelper's polling, with a small state.

crhelper (2.0.12) sets up polling whenever a poll function is registered for the request
type: an EventBridge rule re-invokes the function every ``polling_interval`` minutes with
the whole event as the target's ``Input`` (at most 8,192 characters), and answers
CloudFormation once a poll function returns an id. So the poll functions are registered
behind a ``PollSwitch`` that is armed only for a request that must continue (or is a poll),
and the event is cut down before crhelper copies it: ids, the targets this invocation
left to attach and detach (``WORK``), a deadline; never the policy document or the targets
already done. https://github.com/aws-cloudformation/custom-resource-helper
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from backup_org_policy_manager.budget import MAX_SERVICE_TIMEOUT_S
from backup_org_policy_manager.errors import TimeBudgetError

__all__ = [
    "POLL_INTERVAL_MINUTES",
    "POLL_SLICE_S",
    "POLL_UNTIL",
    "WORK",
    "PollSwitch",
    "chars_per_target",
    "compact",
    "expire",
    "service_timeout_s",
    "state_chars",
]

POLL_INTERVAL_MINUTES = 5
# Work of one poll: less than the interval, so one poll ends before EventBridge starts the
# next and two never attach at once (or answer twice); long enough that listing the policy's
# targets (20 a page) leaves time to attach.
POLL_SLICE_S = 270.0
WORK = "BackupOrgPolicyWork"
"""Key of the event crhelper copies: ``{"Attach": [...], "Detach": [...]}`` still to do."""
POLL_UNTIL = "PollUntil"
"""Key in crhelper's ``Data`` (``CrHelperData``): epoch seconds after which polls give up."""
_KEPT = ("ServiceToken", "ServiceTimeout", "PolicyName", "ManagementRoleArn")
# What crhelper adds to the event before it becomes the rule's Input: CrHelperPoll, the
# rule's ARN (account, Region, logical id + 8 characters), the permission's statement id,
# and Data (PolicyId, PolicyArn, PolicyName, PhysicalResourceId, PollUntil).
_CRHELPER_OVERHEAD = 900

Poll = Callable[[Any, Any], str | None]


class PollSwitch:
    """A poll function that crhelper sees as registered only while ``armed``."""

    def __init__(self, poll: Poll) -> None:
        self._poll = poll
        self.armed = False

    def __bool__(self) -> bool:
        return self.armed

    def __call__(self, event: Any, context: Any) -> str | None:
        return self._poll(event, context)


def service_timeout_s(event: Mapping[str, Any]) -> float:
    """The custom resource's ``ServiceTimeout`` in seconds (CloudFormation's default 3,600)."""
    value = event.get("ResourceProperties", {}).get("ServiceTimeout", MAX_SERVICE_TIMEOUT_S)
    try:
        return float(min(max(int(value), 1), MAX_SERVICE_TIMEOUT_S))
    except (TypeError, ValueError):
        return float(MAX_SERVICE_TIMEOUT_S)


def compact(
    event: MutableMapping[str, Any], attach: list[str] | None, detach: list[str] | None
) -> None:
    """Cut ``event`` down, in place, to what the polls read, and the work left (if any)."""
    props = event.get("ResourceProperties", {})
    event["ResourceProperties"] = {key: props[key] for key in _KEPT if key in props}
    event.pop("OldResourceProperties", None)
    if attach is not None or detach is not None:
        event[WORK] = {"Attach": list(attach or []), "Detach": list(detach or [])}


def state_chars(event: Mapping[str, Any]) -> int:
    """Characters of the rule Input crhelper would write for ``event``, before the work left."""
    copy = {key: value for key, value in event.items() if key != "CrHelperData"}
    compact(copy, [], [])
    return len(json.dumps(copy)) + _CRHELPER_OVERHEAD


def chars_per_target(targets: tuple[str, ...]) -> int:
    """Characters one of ``targets`` takes in the state, at most (quotes, comma, space)."""
    return max((len(target) + 4 for target in targets), default=0)


def expire(data: Mapping[str, Any], now: float) -> None:
    """Raise ``TimeBudgetError`` once CloudFormation's ``ServiceTimeout`` for the request passed."""
    until = data.get(POLL_UNTIL)
    if isinstance(until, int | float) and now > until:
        raise TimeBudgetError(
            "PolicyTargets: the custom resource's ServiceTimeout passed before the targets "
            "were done; split PolicyTargets across policies or raise ServiceTimeout"
        )
