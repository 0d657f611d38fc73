"""Run a function created in the emulator from its zip, as AWS Lambda would, under its role.

moto stores a function's zip but can only run it in Docker. Here the zip runs through
``rehearsal.lambda_runtime`` (a fresh ``python -S`` with only the zip and the runtime's boto3),
with the function's Handler, Timeout, MemorySize and Environment, the credentials of its
execution role (``sts:AssumeRole`` in the role's account, as the Lambda service does) and
``AWS_ENDPOINT_URL`` pointing at the emulator. The role's keys are enforced by IAM
(``access.enforce``). https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from moto.awslambda.models import LambdaFunction
from moto.iam.models import iam_backends
from moto.sts.models import sts_backends

from rehearsal.emulator.lambda_functions.access import enforce
from rehearsal.lambda_runtime import LambdaError, ZipLambda

__all__ = ["FunctionResult", "LambdaRuntimeError", "emulator_endpoint", "run_function"]

LAMBDA_PRINCIPAL = "lambda.amazonaws.com"
# https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html: the zip runtimes we run.
SUPPORTED_RUNTIMES = ("python3.",)


class LambdaRuntimeError(RuntimeError):
    """Raised when a function cannot be run here at all (no endpoint, runtime, role or zip)."""


@dataclass(frozen=True, slots=True)
class FunctionResult:
    """One invocation: ``ok`` with the handler's ``result``, or the ``error`` Lambda reports."""

    ok: bool
    result: Any
    error: str | None
    logs: str

    def payload(self) -> str:
        """The Invoke response payload: the result, or Lambda's ``errorMessage`` object."""
        if self.ok:
            return json.dumps(self.result)
        error_type, _, message = (self.error or "").partition(": ")
        return json.dumps({"errorMessage": message or error_type, "errorType": error_type})


def emulator_endpoint() -> str:
    """The emulator's URL the function's own AWS calls go to (``AWS_ENDPOINT_URL``).

    Raises
    ------
    LambdaRuntimeError
        When the emulator is not served over HTTP: the function runs in another process.
    """
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        raise LambdaRuntimeError(
            "running a Lambda function needs the emulator as a server: set AWS_ENDPOINT_URL "
            "(rehearsal.emulator.server.running_emulator)"
        )
    return endpoint


def run_function(
    function: LambdaFunction,
    event: dict[str, Any],
    *,
    extra_environment: dict[str, str] | None = None,
) -> FunctionResult:
    """Invoke ``function`` once with ``event``, from its zip, with its role's credentials.

    ``extra_environment`` adds process variables the Lambda API does not show (e.g. the CA
    bundle of the loopback response endpoint in ``SSL_CERT_FILE``).

    Raises
    ------
    LambdaRuntimeError
        No emulator endpoint, an unsupported runtime or package type, an empty zip, or a role
        Lambda could not assume.
    """
    endpoint = emulator_endpoint()
    runtime = str(function.run_time or "")
    if function.package_type != "Zip" or not runtime.startswith(SUPPORTED_RUNTIMES):
        raise LambdaRuntimeError(
            f"{function.function_name}: only zip functions on a python3 runtime run here "
            f"(PackageType {function.package_type}, Runtime {runtime or 'none'})"
        )
    runner = ZipLambda(
        _zip_file(function),
        str(function.handler),
        _role_credentials(function),
        environment={
            **function.environment_vars,
            **(extra_environment or {}),
            "AWS_ENDPOINT_URL": endpoint,
        },
        region=function.region,
        function_name=function.function_name,
        memory_limit_in_mb=int(function.memory_size),
        default_timeout_s=float(function.timeout),
        account_id=function.account_id,
    )
    try:
        result = runner(event)
    except LambdaError as error:
        done = runner.invocations[-1] if runner.invocations else None
        message = done.error if done else f"{type(error).__name__}: {error}"
        return FunctionResult(False, None, message, done.logs if done else "")
    return FunctionResult(True, result, None, runner.invocations[-1].logs)


def _role_credentials(function: LambdaFunction) -> dict[str, str]:
    role_arn = str(function.role)
    account_id = role_arn.split(":")[4] if role_arn.count(":") >= 5 else ""
    try:
        role = iam_backends[account_id]["aws"].get_role_by_arn(role_arn)
    except Exception as error:  # moto raises its own not-found types per lookup path
        raise LambdaRuntimeError(
            f"{function.function_name}: the role defined for the function cannot be assumed "
            f"by Lambda ({role_arn}: {error})"
        ) from None
    if LAMBDA_PRINCIPAL not in json.dumps(role.assume_role_policy_document):
        raise LambdaRuntimeError(
            f"{function.function_name}: the role defined for the function cannot be assumed "
            f"by Lambda ({role_arn} does not trust {LAMBDA_PRINCIPAL})"
        )
    assumed = sts_backends[account_id]["aws"].assume_role(
        region_name=function.region,
        role_session_name=function.function_name[:64],
        role_arn=role_arn,
        policy="",
        duration=3600,
        external_id="",
    )
    enforce(assumed.access_key_id)
    return {
        "AWS_ACCESS_KEY_ID": assumed.access_key_id,
        "AWS_SECRET_ACCESS_KEY": assumed.secret_access_key,
        "AWS_SESSION_TOKEN": assumed.session_token,
    }


def _zip_file(function: LambdaFunction) -> Path:
    code = getattr(function, "code_bytes", b"")
    if not code:
        raise LambdaRuntimeError(f"{function.function_name}: the function has no zip to run")
    path = _zip_folder() / f"{hashlib.sha256(code).hexdigest()}.zip"
    if not path.exists():
        path.write_bytes(code)
    return path


@cache
def _zip_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="emulator-lambda-zips-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder
