"""crhelper's polling, replayed: the event it left in its EventBridge rule, sent again.

crhelper (2.0.12) answers a request whose poll function is armed later: it creates a rule
``<LogicalResourceId><8 characters>`` with ``rate(N minutes)`` whose one target invokes the
function with the whole event (plus ``CrHelperData``, ``CrHelperPoll``, ``CrHelperRule``,
``CrHelperPermission``) as ``Input``, and removes the rule when a poll answers. The driver
plays EventBridge: it reads that Input from the emulator and invokes the handler with it.
https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html (Input ≤ 8,192)
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from rehearsal.cfn.errors import ProtocolError

__all__ = ["MAX_INPUT_CHARS", "PollInputTooLargeError", "pending_poll"]

MAX_INPUT_CHARS = 8192


class PollInputTooLargeError(ProtocolError):
    """Raised when a polling rule's Input is longer than EventBridge accepts."""

    kind = "poll-input-too-large"


def pending_poll(logical_resource_id: str, request_id: str) -> dict[str, Any] | None:
    """The event crhelper's rule would deliver next for this request, or None if no rule."""
    events = boto3.client("events")
    for rule in events.list_rules(NamePrefix=logical_resource_id).get("Rules", []):
        if len(rule["Name"]) != len(logical_resource_id) + 8:
            continue
        for target in events.list_targets_by_rule(Rule=rule["Name"]).get("Targets", []):
            text = target.get("Input")
            if not text:
                continue
            event: dict[str, Any] = json.loads(text)
            if event.get("RequestId") != request_id or not event.get("CrHelperPoll"):
                continue
            if len(text) > MAX_INPUT_CHARS:
                raise PollInputTooLargeError(
                    f"polling rule {rule['Name']} has a {len(text):,}-character Input; "
                    f"EventBridge accepts {MAX_INPUT_CHARS:,}",
                    event=event,
                    field="Input",
                )
            return event
    return None
