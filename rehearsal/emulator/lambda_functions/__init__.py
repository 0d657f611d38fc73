"""Lambda functions created in the emulator run from their zips, under their role, IAM enforced.

``install()`` replaces moto's Docker invocation (``LambdaFunction._invoke_lambda``, behind
``Invoke`` and ``InvokeAsync``) with ``runtime.run_function``, turns on IAM for the
functions' credentials (``access``) and delivers EventBridge events to Lambda targets
(``event_targets``). https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
"""

from __future__ import annotations

import json
from typing import Any

from moto.awslambda.models import LambdaFunction

from rehearsal.emulator.lambda_functions import access, event_targets
from rehearsal.emulator.lambda_functions.runtime import (
    FunctionResult,
    LambdaRuntimeError,
    emulator_endpoint,
    run_function,
)

__all__ = ["FunctionResult", "LambdaRuntimeError", "emulator_endpoint", "install", "run_function"]


def install() -> None:
    """Run invoked functions from their zips, enforce IAM for their calls, deliver EventBridge
    events to them (idempotent)."""
    access.install()
    event_targets.install()
    LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign]


def _invoke_lambda(self: LambdaFunction, event: Any = None) -> tuple[str, bool, str]:
    # moto hands over the parsed body, or the string "{}" when the body was empty.
    payload = json.loads(event) if isinstance(event, str) else event
    done = run_function(self, payload if payload is not None else {})
    return done.payload(), not done.ok, done.logs
