"""Fault injection for the emulator: AWS errors keyed by service and operation, never sleeps.

One patch on moto's request dispatch (``BaseResponse.call_action``) serves mock_aws and the
loopback server alike; faults live in the process-wide ``FAULTS`` injector.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from moto.core.common_types import TYPE_RESPONSE
from moto.core.exceptions import JsonRESTError, ServiceException
from moto.core.parse import PROTOCOL_PARSERS
from moto.core.request import determine_request_protocol
from moto.core.responses import ActionResult, BaseResponse
from moto.core.utils import get_service_model

__all__ = ["FAULTS", "ORGANIZATIONS_WRITES", "Fault", "FaultInjector", "injected", "install"]

ORGANIZATIONS_WRITES: frozenset[str] = frozenset(
    {
        "AcceptHandshake", "AttachPolicy", "CancelHandshake", "CloseAccount", "CreateAccount",
        "CreateGovCloudAccount", "CreateOrganization", "CreateOrganizationalUnit",
        "CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit",
        "DeletePolicy", "DeleteResourcePolicy", "DeregisterDelegatedAdministrator",
        "DetachPolicy", "DisableAWSServiceAccess", "DisablePolicyType",
        "EnableAWSServiceAccess", "EnableAllFeatures", "EnablePolicyType",
        "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "PutResourcePolicy",
        "RegisterDelegatedAdministrator", "RemoveAccountFromOrganization", "TagResource",
        "UntagResource", "UpdateOrganizationalUnit", "UpdatePolicy",
    }
)  # fmt: skip
"""Organizations operations that change state (everything but Describe* and List*)."""


@dataclass(frozen=True, slots=True)
class Fault:
    """An AWS error to answer instead of calling moto, for matching requests.

    ``service`` is the boto3 client name; ``operations`` AWS operation names (None: any);
    ``when`` request parameters that must equal these strings; ``rate`` the chance per
    matching call; ``times`` how many injections at most; ``status`` None keeps the HTTP
    status the service model gives the error (400 when it is not modelled).
    """

    service: str
    operations: frozenset[str] | None
    error_code: str
    message: str = "injected fault"
    rate: float = 1.0
    times: int | None = None
    when: Mapping[str, str] = field(default_factory=dict)
    status: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.operations, str):
            raise TypeError("operations must be a frozenset of operation names, not a str")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"rate must be within [0, 1], got {self.rate}")
        if self.times is not None and self.times < 1:
            raise ValueError(f"times must be at least 1, got {self.times}")


class FaultInjector:
    """Thread-safe set of faults with a seeded RNG and counts of what was injected."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._left: dict[int, int | None] = {}
        self._rng = random.Random(seed)
        self._counts: Counter[tuple[str, str]] = Counter()

    def add(self, fault: Fault) -> None:
        """Arm ``fault``; earlier faults win when several match one call."""
        with self._lock:
            self._left[len(self._faults)] = fault.times
            self._faults.append(fault)

    def clear(self, seed: int = 0) -> None:
        """Disarm every fault, forget the counts and reseed the RNG."""
        with self._lock:
            self._faults.clear()
            self._left.clear()
            self._counts.clear()
            self._rng.seed(seed)

    @property
    def armed(self) -> bool:
        """Whether any fault can still fire (cheap; checked on every request)."""
        with self._lock:
            return any(left != 0 for left in self._left.values())

    def count(self, service: str, operation: str | None = None) -> int:
        """Faults injected so far for ``service`` (and ``operation``, if given)."""
        with self._lock:
            return sum(
                n
                for (svc, op), n in self._counts.items()
                if svc == service and operation in (None, op)
            )

    def draw(
        self, service: str, operation: str, params: Callable[[], Mapping[str, Any]]
    ) -> Fault | None:
        """The fault to inject for this call, if any; ``params`` is only read for ``when``."""
        parsed: list[Mapping[str, Any]] = []  # parse the request at most once, and only if needed
        with self._lock:
            for index, fault in enumerate(self._faults):
                if self._left[index] == 0 or fault.service != service:
                    continue
                if fault.operations is not None and operation not in fault.operations:
                    continue
                if fault.when:
                    parsed = parsed or [params()]
                    if not _matches(fault.when, parsed[0]):
                        continue
                if fault.rate < 1.0 and self._rng.random() >= fault.rate:
                    continue
                left = self._left[index]
                self._left[index] = None if left is None else left - 1
                self._counts[(service, operation)] += 1
                return fault
        return None


def _matches(when: Mapping[str, str], params: Mapping[str, Any]) -> bool:
    return all(key in params and str(params[key]) == value for key, value in when.items())


FAULTS = FaultInjector()


@contextmanager
def injected(*faults: Fault, seed: int = 0) -> Iterator[FaultInjector]:
    """Arm ``faults`` on the process-wide injector for the block; clear them on exit."""
    FAULTS.clear(seed)
    for fault in faults:
        FAULTS.add(fault)
    try:
        yield FAULTS
    finally:
        FAULTS.clear(seed)


class InjectedError(ServiceException):
    """The error a fault answers with (code and message come from the fault).

    Defined here, not raised as moto's own ``ServiceException``: moto looks up a second
    service model from the exception's ``moto.<service>`` module and fails for ``moto.core``.
    """


def _request_params(response: BaseResponse) -> Mapping[str, Any]:
    """The request's parameters by their botocore member names, for any protocol."""
    try:
        service_model = get_service_model(response.boto3_service_name)
        operation_model = service_model.operation_model(response._get_action())
        request = response.normalized_request
        protocol = determine_request_protocol(service_model, request.content_type)
        parser = PROTOCOL_PARSERS[protocol](operation_model, map_type=dict)
        parsed = parser.parse(
            {
                "method": request.method,
                "values": request.values,
                "headers": request.headers,
                "body": request.data,
                "url_path": request.path,
                "url_params": response.uri_match,
            }
        )
    except Exception:  # an unparseable request matches no `when`; moto will report it
        return {}
    return dict(parsed)


def _render(response: BaseResponse, fault: Fault) -> TYPE_RESPONSE:
    service_model = get_service_model(response.boto3_service_name)
    modelled = fault.error_code in service_model.shape_names and bool(
        service_model.shape_for(fault.error_code).metadata.get("exception")
    )
    if modelled or service_model.protocol not in ("json", "rest-json"):
        # moto's serializer speaks the service's protocol (__type, X-Amzn-ErrorType or XML)
        # and fills modelled members such as TooManyRequestsException.Type.
        error = InjectedError(fault.error_code, fault.message)
        status, headers, body = response.serialized(ActionResult(error))
    else:
        # Common errors (ThrottlingException) are missing from many models; AWS answers them
        # like this, and moto's serializer would warn.
        json_error = JsonRESTError(fault.error_code, fault.message)
        status, body = 400, json_error.get_body()
        headers = {**response.response_headers, **dict(json_error.get_headers())}
    return (fault.status or status), headers, body


_moto_call_action = BaseResponse.call_action


def _call_action_with_faults(self: BaseResponse) -> TYPE_RESPONSE:
    if FAULTS.armed:
        operation = self._get_action() or ""
        fault = FAULTS.draw(self.boto3_service_name, operation, lambda: _request_params(self))
        if fault is not None:
            return _render(self, fault)
    return _moto_call_action(self)


def install() -> None:
    """Route every moto request through ``FAULTS`` (idempotent)."""
    if BaseResponse.call_action is not _call_action_with_faults:
        BaseResponse.call_action = _call_action_with_faults  # type: ignore[method-assign]
