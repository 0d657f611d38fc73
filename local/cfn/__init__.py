"""Drive CloudFormation custom-resource handlers locally, as a stack would, checking the protocol.

Used by the tests and the local rehearsal; handlers run unchanged (crhelper's HTTPS included).
"""

from __future__ import annotations

from typing import Protocol

from local.cfn.checks import MAX_BODY_BYTES, MAX_PHYSICAL_ID_BYTES, judge
from local.cfn.config import DriverConfig
from local.cfn.context import FakeLambdaContext
from local.cfn.driver import CfnDriver
from local.cfn.endpoint import ResponseEndpoint
from local.cfn.errors import (
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
from local.cfn.events import RequestType, StackIdentity, cfn_properties, request_event
from local.cfn.invoke import Handler
from local.cfn.outcome import Exchange, Outcome, Phase
from local.cfn.server import ReceivedResponse
from local.cfn.tls import LoopbackTLS, trusting

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
