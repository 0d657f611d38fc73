"""A fake Lambda context with a real countdown, good enough for Powertools and crhelper."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

from aws_lambda_powertools.utilities.typing import LambdaContext

__all__ = ["FakeLambdaContext"]


class FakeLambdaContext(LambdaContext):
    """The context object Lambda passes to a handler, with a real countdown.

    Subclassing Powertools' ``LambdaContext`` lets handlers typed against it accept this one.
    The countdown starts when the object is made, i.e. when the invocation starts.
    """

    def __init__(
        self,
        *,
        function_name: str,
        invoked_function_arn: str,
        timeout_s: float,
        memory_limit_in_mb: int = 128,
        function_version: str = "$LATEST",
    ) -> None:
        self._function_name = function_name
        self._function_version = function_version
        self._invoked_function_arn = invoked_function_arn
        self._memory_limit_in_mb = memory_limit_in_mb
        self._aws_request_id = str(uuid.uuid4())
        self._log_group_name = f"/aws/lambda/{function_name}"
        self._log_stream_name = (
            f"{datetime.now(UTC):%Y/%m/%d}/[{function_version}]{uuid.uuid4().hex}"
        )
        # Lambda's Python runtime gives None for both unless invoked from a mobile SDK.
        self._identity = None  # type: ignore[assignment]
        self._client_context = None  # type: ignore[assignment]
        self._timeout_s = timeout_s
        self._deadline = time.monotonic() + timeout_s

    @property
    def deadline(self) -> float:
        """``time.monotonic()`` at which Lambda would stop the function."""
        return self._deadline

    @property
    def timeout_s(self) -> float:
        """The function timeout this context counts down from."""
        return self._timeout_s

    # Powertools declares this a staticmethod returning 0; a real context is per invocation.
    def get_remaining_time_in_millis(self) -> int:  # type: ignore[override]
        """Milliseconds left before the (simulated) Lambda timeout, never negative."""
        return max(0, int((self._deadline - time.monotonic()) * 1000))
