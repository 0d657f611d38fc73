"""One custom-resource request as CloudFormation sends it: invoke the Lambda, wait for the answer.

The ResponseURL is presigned on the loopback HTTPS endpoint of ``rehearsal.cfn``, started on first
use and stopped by ``stop_response_endpoint`` (at emulator reset and at exit). The answer is
judged by ``rehearsal.cfn.checks.judge``; a broken answer fails the request with the rule it broke.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html
"""

from __future__ import annotations

import atexit
import logging
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moto.awslambda.utils import get_backend as get_lambda_backend

from rehearsal.cfn import (
    LoopbackTLS,
    ProtocolError,
    ReceivedResponse,
    RequestType,
    ResponseEndpoint,
    StackIdentity,
    judge,
    request_event,
)
from rehearsal.emulator.lambda_functions import LambdaRuntimeError, run_function

__all__ = ["Answer", "CustomRequest", "send", "stop_response_endpoint"]

logger = logging.getLogger(__name__)

# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
DEFAULT_SERVICE_TIMEOUT_S = 3600
# How long to wait, once an answer is in and the function returned, for a second answer.
DUPLICATE_GRACE_S = 0.2
_POLL_S = 0.2
_ENDED_GRACE_S = 1.0
_CERT_FILE_ENV = "SSL_CERT_FILE"


@dataclass(frozen=True, slots=True)
class CustomRequest:
    """What CloudFormation knows when it sends one request for one custom resource."""

    request_type: RequestType
    stack_id: str
    logical_resource_id: str
    resource_type: str
    service_token: str
    properties: dict[str, Any]
    physical_resource_id: str | None = None
    old_properties: dict[str, Any] | None = None

    @property
    def service_timeout_s(self) -> float:
        """``ServiceTimeout`` (1-3600 s, default 3600), as the template gave it."""
        value = self.properties.get("ServiceTimeout", DEFAULT_SERVICE_TIMEOUT_S)
        return float(value)


@dataclass(frozen=True, slots=True)
class Answer:
    """The request's event and its outcome: the judged response, or why there is none."""

    event: dict[str, Any]
    response: dict[str, Any] | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.response is not None and self.response["Status"] == "SUCCESS"

    @property
    def physical_resource_id(self) -> str | None:
        return None if self.response is None else str(self.response["PhysicalResourceId"])

    @property
    def data(self) -> dict[str, Any]:
        return dict((self.response or {}).get("Data") or {})


class _ResponseService:
    """The process's one response endpoint and its TLS material, made on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resources = ExitStack()
        self._started: tuple[LoopbackTLS, ResponseEndpoint] | None = None

    def started(self) -> tuple[LoopbackTLS, ResponseEndpoint]:
        with self._lock:
            if self._started is None:
                with ExitStack() as resources:
                    folder = resources.enter_context(
                        tempfile.TemporaryDirectory(prefix="emulator-cfn-responses-")
                    )
                    tls = LoopbackTLS.create(Path(folder))
                    endpoint = resources.enter_context(ResponseEndpoint(tls, region="us-east-1"))
                    self._started, self._resources = (tls, endpoint), resources.pop_all()
            return self._started

    @property
    def running(self) -> bool:
        return self._started is not None and self._started[1].running

    def stop(self) -> None:
        with self._lock:
            self._started = None
            self._resources.close()


_service = _ResponseService()
atexit.register(_service.stop)


def stop_response_endpoint() -> None:
    """Stop the loopback response endpoint (it starts again on the next request)."""
    _service.stop()


def response_endpoint_running() -> bool:
    """Whether the loopback response endpoint is serving."""
    return _service.running


def send(request: CustomRequest) -> Answer:
    """Send ``request`` to its Lambda function and return the judged answer.

    The function is invoked asynchronously, as CloudFormation does; the request fails when
    no answer reaches the ResponseURL within ``ServiceTimeout`` or the answer breaks the
    protocol (more than one answer, a body over 4,096 bytes, an empty or over-1-KB id...).
    """
    tls, endpoint = _service.started()
    region = request.stack_id.split(":")[3]
    request_id = str(uuid.uuid4())
    event = _event(
        request,
        request_id,
        endpoint.presign(request.stack_id, request.logical_resource_id, request_id, region=region),
    )
    try:
        function = _function(request.service_token)
    except Exception as error:  # moto's not-found errors, or a token that is no Lambda ARN
        return Answer(event, None, f"ServiceToken {request.service_token}: {error}")
    failures: list[str] = []

    def invoke() -> None:
        try:
            done = run_function(
                function, event, extra_environment={_CERT_FILE_ENV: str(tls.bundle_path)}
            )
        except LambdaRuntimeError as error:
            failures.append(str(error))
            return
        if not done.ok:
            logger.info("%s: %s\n%s", function.function_name, done.error, done.logs)
            failures.append(str(done.error))

    worker = threading.Thread(target=invoke, name=f"custom-resource-{request_id}", daemon=True)
    worker.start()
    url = str(event["ResponseURL"])
    received = _first_answer(endpoint, url, worker, request.service_timeout_s)
    if not received:
        return Answer(event, None, _no_answer(request_id, failures, worker.is_alive()))
    worker.join(float(function.timeout))
    received = endpoint.wait(url, count=2, timeout=DUPLICATE_GRACE_S)
    try:
        response = judge(event, received)
    except ProtocolError as error:
        return Answer(event, None, f"Invalid response from the custom resource: {error}")
    return Answer(event, response, str(response.get("Reason") or ""))


def _first_answer(
    endpoint: ResponseEndpoint, url: str, worker: threading.Thread, timeout_s: float
) -> tuple[ReceivedResponse, ...]:
    """Wait for an answer until ``timeout_s``, or until the function ended without one.

    AWS keeps waiting for the whole ServiceTimeout even after the function ended; nothing
    can answer by then, so waiting on only delays the same failure.
    """
    deadline = time.monotonic() + timeout_s
    while (remaining := deadline - time.monotonic()) > 0:
        received = endpoint.wait(url, count=1, timeout=min(_POLL_S, remaining))
        if received or not worker.is_alive():
            return received or endpoint.wait(url, count=1, timeout=min(_ENDED_GRACE_S, remaining))
    return ()


def _event(request: CustomRequest, request_id: str, response_url: str) -> dict[str, Any]:
    _, _, _, region, account_id, resource = request.stack_id.split(":", 5)
    _, stack_name, stack_uuid = resource.split("/")
    function_name = request.service_token.rsplit(":", 1)[-1]
    stack = StackIdentity(region, account_id, stack_name, function_name, stack_uuid)
    event = request_event(
        request.request_type,
        stack=stack,
        request_id=request_id,
        response_url=response_url,
        logical_resource_id=request.logical_resource_id,
        resource_type=request.resource_type,
        properties=request.properties,
        physical_resource_id=request.physical_resource_id,
        old_properties=request.old_properties,
    )
    # The token as the template gave it: the function may live in another account or Region.
    event["ServiceToken"] = request.service_token
    return event


def _function(service_token: str) -> Any:
    parts = service_token.split(":")
    if len(parts) < 7 or parts[2] != "lambda":
        raise LambdaRuntimeError(
            f"ServiceToken {service_token!r}: only Lambda function ARNs are emulated "
            "(an SNS topic ServiceToken is not)"
        )
    return get_lambda_backend(parts[4], parts[3]).get_function(service_token)


def _no_answer(request_id: str, failures: list[str], running: bool) -> str:
    # AWS's message when ServiceTimeout passes without an answer.
    message = (
        "CloudFormation did not receive a response from your Custom Resource. "
        f"Please check your logs for requestId [{request_id}]."
    )
    if failures:
        return f"{message} The function failed: {failures[0]}"
    return message if running else f"{message} The function returned without answering."
