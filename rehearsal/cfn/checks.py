"""Protocol checks on what a handler sent back for one request.

Reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from rehearsal.cfn.endpoint import ReceivedResponse
from rehearsal.cfn.errors import (
    DuplicateResponseError,
    InvalidFieldError,
    MalformedResponseError,
    NoResponseError,
    PhysicalIdChangedError,
    ResponseTooLargeError,
)

__all__ = ["MAX_BODY_BYTES", "MAX_PHYSICAL_ID_BYTES", "judge"]

MAX_BODY_BYTES = 4096
MAX_PHYSICAL_ID_BYTES = 1024
_ECHOED = ("StackId", "RequestId", "LogicalResourceId")


def judge(event: Mapping[str, Any], received: Sequence[ReceivedResponse]) -> dict[str, Any]:
    """Return the one response body for ``event``, parsed, or raise the first violation.

    Raises
    ------
    ProtocolError
        A subclass naming the rule broken, with the event and every body received.
    """
    bodies = [item.body for item in received]
    if not received:
        raise NoResponseError("no response was sent to the ResponseURL", event=event)
    if len(received) > 1:
        statuses = ", ".join(_status_of(body) for body in bodies)
        raise DuplicateResponseError(
            f"{len(received)} responses for one request (Status: {statuses}); send exactly one",
            event=event,
            bodies=bodies,
        )
    (only,) = received
    if only.method != "PUT":
        raise MalformedResponseError(
            f"sent with {only.method}, not PUT", event=event, bodies=bodies
        )
    if len(only.body) > MAX_BODY_BYTES:
        raise ResponseTooLargeError(
            f"body is {len(only.body)} bytes; the limit is {MAX_BODY_BYTES}",
            event=event,
            bodies=bodies,
        )
    try:
        response = json.loads(only.body)
    except ValueError as error:
        raise MalformedResponseError(
            f"body is not JSON: {error}", event=event, bodies=bodies
        ) from None
    if not isinstance(response, dict):
        raise MalformedResponseError("body is not a JSON object", event=event, bodies=bodies)
    problem = _first_problem(event, response)
    if problem is not None:
        field, message = problem
        raise InvalidFieldError(f"{field}: {message}", event=event, bodies=bodies, field=field)
    sent_id, answered_id = event.get("PhysicalResourceId"), response["PhysicalResourceId"]
    if event["RequestType"] == "Delete" and answered_id != sent_id:
        raise PhysicalIdChangedError(
            f"PhysicalResourceId: a Delete must answer with the id it was sent ({sent_id!r}), "
            f"got {answered_id!r}",
            event=event,
            bodies=bodies,
            field="PhysicalResourceId",
        )
    return response


def _first_problem(event: Mapping[str, Any], response: dict[str, Any]) -> tuple[str, str] | None:
    status = response.get("Status")
    if status not in ("SUCCESS", "FAILED"):
        return "Status", f"must be SUCCESS or FAILED, got {status!r}"
    reason = response.get("Reason")
    if status == "FAILED" and not (isinstance(reason, str) and reason):
        return "Reason", "a FAILED response needs a non-empty Reason"
    physical_id = response.get("PhysicalResourceId")
    if not (isinstance(physical_id, str) and physical_id):
        return "PhysicalResourceId", f"must be a non-empty string, got {physical_id!r}"
    if len(physical_id.encode()) > MAX_PHYSICAL_ID_BYTES:
        return "PhysicalResourceId", f"is longer than {MAX_PHYSICAL_ID_BYTES} bytes"
    for name in _ECHOED:
        if response.get(name) != event[name]:
            return name, f"must echo the request's {event[name]!r}, got {response.get(name)!r}"
    data = response.get("Data", {})
    if not isinstance(data, dict):
        return "Data", f"must be a JSON object, got {type(data).__name__}"
    for key, value in data.items():
        # Fn::GetAtt hands Data values to other resources as strings.
        if isinstance(value, dict | list) or value is None:
            return "Data", f"value of {key!r} must be a string, number or boolean"
    if not isinstance(response.get("NoEcho", False), bool):
        return "NoEcho", "must be a boolean"
    return None


def _status_of(body: bytes) -> str:
    try:
        parsed = json.loads(body)
    except ValueError:
        return "<not JSON>"
    return str(parsed.get("Status")) if isinstance(parsed, dict) else "<not an object>"
