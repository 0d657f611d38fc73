"""The driver's transport: TLS material, the response endpoint, and sending one request.

``CfnDriver`` decides which requests to send; a ``Channel`` sends them and keeps the log.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from rehearsal.cfn.config import DriverConfig
from rehearsal.cfn.context import FakeLambdaContext
from rehearsal.cfn.endpoint import ResponseEndpoint
from rehearsal.cfn.errors import DriverStateError, DuplicateResponseError, NoResponseError
from rehearsal.cfn.events import RequestType, StackIdentity, request_event
from rehearsal.cfn.invoke import Handler, exchange, late_answers
from rehearsal.cfn.outcome import Exchange, Phase
from rehearsal.cfn.polling import pending_poll
from rehearsal.cfn.tls import LoopbackTLS

__all__ = ["Channel"]

logger = logging.getLogger(__name__)


class Channel:
    """Sends requests for one simulated resource to ``handler`` and judges the answers."""

    def __init__(self, handler: Handler, config: DriverConfig, stack: StackIdentity) -> None:
        self.handler, self.config, self.stack = handler, config, stack
        self.log: list[Exchange] = []
        self._deadlines: dict[str, float] = {}
        self._resources = ExitStack()
        self._started: tuple[LoopbackTLS, ResponseEndpoint] | None = None

    def started(self) -> tuple[LoopbackTLS, ResponseEndpoint]:
        """The TLS material and endpoint, once ``open`` has run (they outlive ``close``)."""
        if self._started is None:
            raise DriverStateError("the driver is not open; use it in a with block")
        return self._started

    def open(self) -> None:
        """Make the TLS material in a temporary directory and start the endpoint."""
        with ExitStack() as resources:
            directory = resources.enter_context(tempfile.TemporaryDirectory(prefix="cfn-driver-"))
            tls = LoopbackTLS.create(Path(directory))
            endpoint = resources.enter_context(ResponseEndpoint(tls, region=self.config.region))
            self._started, self._resources = (tls, endpoint), resources.pop_all()

    def close(self, *, check_late: bool) -> None:
        """Stop the endpoint, then (if ``check_late``) refuse answers that came too late."""
        with self._resources:
            if self._started is not None:
                self._started[1].close()
                if check_late:
                    self._check_no_late_answers()

    def send(
        self,
        request_type: RequestType,
        phase: Phase,
        properties: dict[str, Any],
        physical_resource_id: str | None = None,
        old_properties: dict[str, Any] | None = None,
    ) -> Exchange:
        """Send one request and return the judged exchange (see ``rehearsal.cfn.invoke``)."""
        _, endpoint = self.started()
        request_id = str(uuid.uuid4())
        logical_id = self.config.logical_resource_id
        event = request_event(
            request_type,
            stack=self.stack,
            request_id=request_id,
            response_url=endpoint.presign(self.stack.stack_id, logical_id, request_id),
            logical_resource_id=logical_id,
            resource_type=self.config.resource_type,
            properties=properties,
            physical_resource_id=physical_resource_id,
            old_properties=old_properties,
        )
        done = self._invoke(event, phase)
        logger.info("cfn exchange: %s", done.summary())
        self.log.append(done)
        return done

    def _invoke(self, event: dict[str, Any], phase: Phase) -> Exchange:
        """Invoke once; while there is no answer, replay crhelper's polls (``max_polls``)."""
        tls, endpoint = self.started()
        polls = 0
        while True:
            context = FakeLambdaContext(
                function_name=self.config.function_name,
                invoked_function_arn=self.stack.service_token,
                timeout_s=self.config.timeout_s,
                memory_limit_in_mb=self.config.memory_limit_in_mb,
            )
            self._deadlines[event["RequestId"]] = context.deadline
            try:
                return exchange(
                    self.handler,
                    event,
                    phase=phase,
                    context=context,
                    endpoint=endpoint,
                    tls=tls,
                    grace_s=self.config.grace_s,
                )
            except NoResponseError:
                poll = None
                if polls < self.config.max_polls:
                    poll = pending_poll(event["LogicalResourceId"], event["RequestId"])
                if poll is None:
                    raise
                polls += 1
                logger.info("cfn poll %d of %s", polls, event["RequestId"])
                event = poll

    def _check_no_late_answers(self) -> None:
        _, endpoint = self.started()
        for done in self.log:
            bodies = late_answers(endpoint, done, self._deadlines[done.event["RequestId"]])
            if bodies:
                raise DuplicateResponseError(
                    f"{len(bodies)} responses; the later ones came after the first was judged",
                    event=done.event,
                    bodies=bodies,
                )
