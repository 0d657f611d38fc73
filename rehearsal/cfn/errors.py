"""Errors raised by the custom-resource driver: protocol violations and misuse of the driver."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class CfnDriverError(Exception):
    """Base class for every error raised by ``rehearsal.cfn``."""


class DriverStateError(CfnDriverError):
    """Raised when an operation does not fit the simulated stack (e.g. update before create)."""


class ProtocolError(CfnDriverError):
    """Raised when a handler's answer breaks the custom-resource response protocol.

    ``kind`` is a stable slug naming the rule; ``field`` names the response field at fault
    (or ``None``); ``event`` is the request as sent and ``bodies`` every body received for it.
    """

    kind = "protocol"

    def __init__(
        self,
        message: str,
        *,
        event: Mapping[str, Any],
        bodies: Sequence[bytes] = (),
        field: str | None = None,
    ) -> None:
        request = f"{event.get('RequestType')} {event.get('LogicalResourceId')}"
        super().__init__(f"{request} (RequestId {event.get('RequestId')}): {message}")
        self.event = dict(event)
        self.bodies = tuple(bodies)
        self.field = field


class NoResponseError(ProtocolError):
    """Raised when the handler returned (or timed out) without sending any response."""

    kind = "no-response"


class DuplicateResponseError(ProtocolError):
    """Raised when more than one response arrives for a single request."""

    kind = "duplicate-response"


class StrayResponseError(ProtocolError):
    """Raised when a response is sent to a URL the driver never handed out."""

    kind = "stray-response"


class ResponseTooLargeError(ProtocolError):
    """Raised when a response body exceeds CloudFormation's 4,096-byte limit."""

    kind = "body-too-large"


class MalformedResponseError(ProtocolError):
    """Raised when a response is not a PUT of a JSON object."""

    kind = "malformed-body"


class InvalidFieldError(ProtocolError):
    """Raised when a response field is missing, has the wrong type or the wrong value."""

    kind = "invalid-field"


class PhysicalIdChangedError(InvalidFieldError):
    """Raised when a Delete response names another PhysicalResourceId than the request."""

    kind = "physical-id-changed"
