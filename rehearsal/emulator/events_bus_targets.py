"""EventBridge rules deliver to event buses of other accounts and Regions as AWS authorizes it.

moto 5.2 re-puts the event on the target bus as if the target account had sent it (the event's
``account`` and ``region`` change), with no role and no bus policy. Here an event-bus target of
a matching rule gets the event unchanged (``account``, ``region``, ``source``, ``time`` are the
original's), provided that:

- cross-Region or cross-account targets name a ``RoleArn`` (same account and Region need none)
  whose trust policy lets ``events.amazonaws.com`` assume it (``aws:SourceAccount`` is the
  rule's account) and whose policies allow ``events:PutEvents`` on the target bus;
- a target bus in another account has a resource policy that allows the caller (the role, or
  the rule's account without one), with ``aws:PrincipalOrgID`` and ``aws:PrincipalAccount`` in
  the request context, evaluated by ``rehearsal.emulator.iam_policy``.

A refused or missing target drops the event with a warning, as AWS counts a FailedInvocation.
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from typing import Any

from moto.events.models import Rule, events_backends
from moto.iam.models import iam_backends
from moto.utilities.arns import parse_arn

from rehearsal.emulator.backup.copy_auth import organization_of
from rehearsal.emulator.iam_policy import Request, condition_holds, decide

__all__ = ["delivery_refusal", "install"]

logger = logging.getLogger(__name__)
EVENTS_PRINCIPAL = "events.amazonaws.com"
PUT_EVENTS = "events:PutEvents"


def _role_documents(role: Any) -> list[Any]:
    inline = [json.loads(document) for document in role.policies.values()]
    managed = [
        next(v.document for v in policy.versions if v.is_default)
        for policy in role.managed_policies.values()
    ]
    return [*inline, *managed]


def _trusts_events(role: Any, source_account: str) -> bool:
    trust = role.assume_role_policy_document
    document = json.loads(trust) if isinstance(trust, str) else trust
    context = {"aws:SourceAccount": (source_account,)}
    request = Request(EVENTS_PRINCIPAL, "sts:AssumeRole", None, context)
    for statement in document.get("Statement", []):
        principal = statement.get("Principal") or {}
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        if (
            statement.get("Effect") == "Allow"
            and EVENTS_PRINCIPAL in (services if isinstance(services, list) else [services])
            and condition_holds(statement.get("Condition"), request)
        ):
            return True
    return False


def delivery_refusal(rule_arn: str, target: dict[str, Any]) -> str | None:
    """Why EventBridge would not deliver from ``rule_arn`` to the event-bus ``target``, or None."""
    source, bus_arn = parse_arn(rule_arn), target["Arn"]
    bus = parse_arn(bus_arn)
    buses = events_backends[bus.account][bus.region].event_buses
    if bus.resource_id not in buses:
        return f"no event bus {bus_arn}"
    role_arn = target.get("RoleArn")
    if role_arn is None and (bus.account, bus.region) != (source.account, source.region):
        return "a cross-account or cross-Region event bus target needs a RoleArn"
    caller = role_arn or f"arn:aws:iam::{source.account}:root"
    if role_arn is not None:
        try:
            role = iam_backends[parse_arn(role_arn).account]["aws"].get_role_by_arn(role_arn)
        except Exception:  # moto's NoSuchEntity: EventBridge cannot assume it
            return f"no role {role_arn}"
        if not _trusts_events(role, source.account):
            return f"{role_arn} does not trust {EVENTS_PRINCIPAL} for account {source.account}"
        request = Request(role_arn, PUT_EVENTS, bus_arn)
        if decide(_role_documents(role), request) != "Allow":
            return f"{role_arn} is not allowed {PUT_EVENTS} on {bus_arn}"
    if bus.account == source.account:
        return None
    org = organization_of(source.account)
    context = {"aws:PrincipalAccount": (source.account,)}
    if org is not None:
        context["aws:PrincipalOrgID"] = (org.id,)
    decision = decide(
        [buses[bus.resource_id].policy], Request(caller, PUT_EVENTS, bus_arn, context)
    )
    if decision != "Allow":
        return f"the policy of {bus_arn} does not allow {caller} to put events"
    return None


def _deliver(rule: Rule, target: dict[str, Any], event: Any) -> None:
    refusal = delivery_refusal(rule.arn, target)
    if refusal is not None:
        logger.warning("%s: not delivered to %s: %s", rule.arn, target["Arn"], refusal)
        return
    bus = parse_arn(target["Arn"])
    for bus_rule in list(
        events_backends[bus.account][bus.region].event_buses[bus.resource_id].rules.values()
    ):
        bus_rule.send_to_targets(copy.deepcopy(event))


_Send = Callable[..., None]


def _delivering(original: _Send) -> _Send:
    def send_to_targets(self: Rule, original_event: Any, transform_input: bool = True) -> None:
        targets = self.targets
        buses = [
            t
            for t in targets
            if parse_arn(t["Arn"]).service == "events"
            and parse_arn(t["Arn"]).resource_type == "event-bus"
        ]
        self.targets = [t for t in targets if t not in buses]
        try:
            original(self, original_event, transform_input)
        finally:
            self.targets = targets
        if buses and self.event_pattern.matches_event(original_event):
            for target in buses:
                _deliver(self, target, original_event)

    return send_to_targets


def install() -> None:
    """Deliver event-bus targets ourselves, in place of moto (once)."""
    original = Rule.send_to_targets
    if getattr(original, "_delivers_to_buses", False):
        return
    patched = _delivering(original)
    patched._delivers_to_buses = True  # type: ignore[attr-defined]
    Rule.send_to_targets = patched  # type: ignore[method-assign]
