"""Invoke a packaged Lambda (a ``dist/`` zip) as AWS Lambda would: in its own interpreter.

Each invocation starts ``python -S`` with only the zip, the standard library and what the
python3.13 runtime provides (boto3 and the libraries it needs) on its path, and a Lambda-like
environment. A missing dependency in the zip therefore fails here as it would in AWS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from rehearsal.lambda_runtime.worker import CALL_LOG_VARIABLE

__all__ = [
    "CALL_LOG_VARIABLE",
    "RUNTIME_PACKAGES",
    "Invocation",
    "LambdaError",
    "ZipLambda",
    "runtime_site",
]

WORKER = Path(__file__).with_name("worker.py")
# What the AWS Lambda Python runtime has installed besides the standard library.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six")
# Time for the interpreter to start and import, on top of the handler's own timeout.
STARTUP_ALLOWANCE_S = 2.0
# Variables a handler may legitimately inherit from the invoking process (the last one only
# when tests record the handler's AWS calls).
PASSED_THROUGH = ("SSL_CERT_FILE", "AWS_ENDPOINT_URL", "TZ", "LANG", CALL_LOG_VARIABLE)


class LambdaError(RuntimeError):
    """Raised when the handler raised, timed out, or the runtime process failed."""


class ContextLike(Protocol):
    def get_remaining_time_in_millis(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Invocation:
    """One invocation: the event, what the handler returned or raised, and its logs."""

    event: dict[str, Any]
    ok: bool
    result: Any
    error: str | None
    logs: str
    zip_modules: tuple[str, ...]


@cache
def runtime_site() -> Path:
    """A folder exposing only ``RUNTIME_PACKAGES`` from this environment (symlinks)."""
    purelib = Path(sysconfig.get_paths()["purelib"])
    site = Path(tempfile.mkdtemp(prefix="lambda-runtime-site-"))
    for name in RUNTIME_PACKAGES:
        for candidate in (purelib / name, purelib / f"{name}.py"):
            if candidate.exists():
                (site / candidate.name).symlink_to(candidate)
    return site


@dataclass
class ZipLambda:
    """A handler in a Lambda zip, callable as ``handler(event, context)``."""

    zip_path: Path
    handler: str
    credentials: dict[str, str]
    environment: dict[str, str] = field(default_factory=dict)
    region: str = "us-east-1"
    function_name: str = "function"
    memory_limit_in_mb: int = 256
    default_timeout_s: float = 60.0
    invocations: list[Invocation] = field(default_factory=list)
    account_id: str = "000000000000"

    def _env(self) -> dict[str, str]:
        env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
        env.update(
            AWS_REGION=self.region,
            AWS_DEFAULT_REGION=self.region,
            AWS_LAMBDA_FUNCTION_NAME=self.function_name,
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE=str(self.memory_limit_in_mb),
            AWS_LAMBDA_FUNCTION_VERSION="$LATEST",
            AWS_EXECUTION_ENV="AWS_Lambda_python3.13",
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.update(self.credentials)
        env.update(self.environment)
        return env

    def _context_fields(self) -> dict[str, Any]:
        arn = f"arn:aws:lambda:{self.region}:{self.account_id}:function:{self.function_name}"
        return {
            "function_name": self.function_name,
            "function_version": "$LATEST",
            "invoked_function_arn": arn,
            "memory_limit_in_mb": self.memory_limit_in_mb,
            "aws_request_id": str(uuid.uuid4()),
            "log_group_name": f"/aws/lambda/{self.function_name}",
            "log_stream_name": "local",
        }

    def __call__(self, event: dict[str, Any], context: ContextLike | None = None) -> Any:
        """Run the handler once; return its result or raise ``LambdaError``."""
        remaining_ms = (
            context.get_remaining_time_in_millis()
            if context
            else int(self.default_timeout_s * 1000)
        )
        payload = {"event": event, "context": self._context_fields(), "remaining_ms": remaining_ms}
        with tempfile.TemporaryDirectory(prefix="lambda-invoke-") as scratch:
            result_file = Path(scratch) / "result.json"
            command = [sys.executable, "-S", str(WORKER), str(self.zip_path), self.handler]
            command += [str(runtime_site()), str(result_file)]
            try:
                process = subprocess.run(
                    command,
                    input=json.dumps(payload),
                    capture_output=True,
                    text=True,
                    env=self._env(),
                    timeout=remaining_ms / 1000 + STARTUP_ALLOWANCE_S,
                )
            except subprocess.TimeoutExpired as expired:
                raise LambdaError(
                    f"{self.function_name} timed out after {remaining_ms} ms"
                ) from expired
            logs = process.stdout + process.stderr
            if not result_file.exists():
                raise LambdaError(
                    f"{self.function_name} runtime exited {process.returncode}:\n{logs}"
                )
            outcome = json.loads(result_file.read_text())
        invocation = Invocation(
            event,
            outcome["ok"],
            outcome["result"],
            outcome["error"],
            logs,
            tuple(outcome["modules"]),
        )
        self.invocations.append(invocation)
        if not invocation.ok:
            raise LambdaError(f"{self.function_name}: {invocation.error}")
        return invocation.result
