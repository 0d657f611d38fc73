"""One request/response exchange: run the handler as Lambda would, collect and judge the answer."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any

from rehearsal.cfn.checks import judge
from rehearsal.cfn.context import FakeLambdaContext
from rehearsal.cfn.endpoint import ResponseEndpoint
from rehearsal.cfn.errors import NoResponseError, StrayResponseError
from rehearsal.cfn.outcome import Exchange, Phase
from rehearsal.cfn.tls import LoopbackTLS, trusting

__all__ = ["Handler", "exchange", "late_answers"]

Handler = Callable[[dict[str, Any], FakeLambdaContext], object]


def exchange(
    handler: Handler,
    event: dict[str, Any],
    *,
    phase: Phase,
    context: FakeLambdaContext,
    endpoint: ResponseEndpoint,
    tls: LoopbackTLS,
    grace_s: float,
) -> Exchange:
    """Invoke ``handler`` with ``event`` and return the exchange once its answer is judged.

    The handler runs in a daemon thread so a handler that never returns cannot hang the
    caller: like Lambda, we stop waiting at the context's timeout (Python cannot kill the
    thread; it keeps running in the background). Our CA is trusted for the whole invocation,
    including the grace period in which late or duplicate answers arrive. Answers received
    after the timeout are kept in ``after_timeout`` but not judged.

    Raises
    ------
    ProtocolError
        When the answer breaks the protocol (see ``rehearsal.cfn.checks.judge``).
    """
    started = time.monotonic()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            handler(copy.deepcopy(event), context)
        # The Lambda runtime's boundary: an escaping error is logged, and CloudFormation
        # simply gets no answer.
        except BaseException as error:
            errors.append(error)

    with trusting(tls.bundle_path):
        worker = threading.Thread(target=run, name=f"cfn-{event['RequestType']}", daemon=True)
        worker.start()
        worker.join(context.get_remaining_time_in_millis() / 1000)
        received = endpoint.wait(event["ResponseURL"], count=2, timeout=grace_s)
    # Lambda stops the function at its timeout, so nothing sent later can reach CloudFormation.
    counted = [item for item in received if item.received_at <= context.deadline]
    after_timeout = tuple(item.body for item in received if item.received_at > context.deadline)
    strays = endpoint.take_strays()
    if strays:
        targets = ", ".join(sorted({stray.target.split("?")[0] for stray in strays}))
        raise StrayResponseError(
            f"response sent to a URL that was never handed out: {targets}",
            event=event,
            bodies=[stray.body for stray in strays],
        )
    if not counted:
        raise NoResponseError(_silence(errors, worker.is_alive(), context), event=event)
    response = judge(event, counted)
    return Exchange(
        phase=phase,
        event=copy.deepcopy(event),
        response=response,
        handler_error=repr(errors[0]) if errors else None,
        timed_out=worker.is_alive(),
        duration_s=time.monotonic() - started,
        after_timeout=after_timeout,
    )


def _silence(errors: list[BaseException], timed_out: bool, context: FakeLambdaContext) -> str:
    message = "no response was sent to the ResponseURL"
    if timed_out:
        return f"{message}; the handler was still running at its {context.timeout_s:g} s timeout"
    if errors:
        return f"{message}; the handler raised {errors[0]!r}"
    return f"{message}; the handler returned without answering"


def late_answers(endpoint: ResponseEndpoint, done: Exchange, deadline: float) -> tuple[bytes, ...]:
    """Bodies sent for ``done`` before its timeout, if more than the one judged arrived since."""
    received = endpoint.wait(done.event["ResponseURL"], count=2, timeout=0)
    counted = tuple(item.body for item in received if item.received_at <= deadline)
    return counted if len(counted) > 1 else ()
