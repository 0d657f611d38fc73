"""Drive CloudFormation custom-resource handlers locally, as a stack would, checking the protocol.

Used by the tests and the local rehearsal; handlers run unchanged (crhelper's HTTPS included).
"""

from __future__ import annotations

from typing import Protocol

from rehearsal.cfn.checks import MAX_BODY_BYTES, MAX_PHYSICAL_ID_BYTES, judge
from rehearsal.cfn.config import DriverConfig
from rehearsal.cfn.context import FakeLambdaContext
from rehearsal.cfn.driver import CfnDriver
from rehearsal.cfn.endpoint import ResponseEndpoint
from rehearsal.cfn.errors import (
    CfnDriverError,
    DriverStateError,
    DuplicateResponseError,
    InvalidFieldError,
    MalformedResponseError,
    NoResponseError,
    PhysicalIdChangedError,
    ProtocolError,
    ResponseTooLargeError,
    StrayResponseError,
)
from rehearsal.cfn.events import RequestType, StackIdentity, cfn_properties, request_event
from rehearsal.cfn.invoke import Handler
from rehearsal.cfn.outcome import Exchange, Outcome, Phase
from rehearsal.cfn.server import ReceivedResponse
from rehearsal.cfn.tls import LoopbackTLS, trusting

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_PHYSICAL_ID_BYTES",
    "CfnDriver",
    "CfnDriverError",
    "DriverConfig",
    "DriverFactory",
    "DriverStateError",
    "DuplicateResponseError",
    "Exchange",
    "FakeLambdaContext",
    "Handler",
    "InvalidFieldError",
    "LoopbackTLS",
    "MalformedResponseError",
    "NoResponseError",
    "Outcome",
    "Phase",
    "PhysicalIdChangedError",
    "ProtocolError",
    "ReceivedResponse",
    "RequestType",
    "ResponseEndpoint",
    "ResponseTooLargeError",
    "StackIdentity",
    "StrayResponseError",
    "cfn_properties",
    "judge",
    "request_event",
    "trusting",
]


class DriverFactory(Protocol):
    """The ``cfn_driver`` fixture: make a started driver, stopped when the test ends."""

    def __call__(self, handler: Handler, config: DriverConfig | None = None) -> CfnDriver: ...
