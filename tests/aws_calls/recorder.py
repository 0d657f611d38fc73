"""Record every AWS operation a Lambda of ``functions/`` performs, through botocore's events.

In-process, a call belongs to the function whose ``functions/<name>/`` frame is on the call
stack (test code's own calls have none). Packaged Lambdas run by ``rehearsal.lambda_runtime``
append their calls to the file named by ``CALL_LOG_VARIABLE``; ``worker_calls`` reads them.
The account of a call is that of its credentials: keys from an AssumeRole answer seen here or
in a worker map to the assumed role; other keys to the account moto's IAM knows them in, or
moto's default account (https://docs.getmoto.org/en/latest/docs/multi_account.html).
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any

import botocore.handlers
import moto

from rehearsal.lambda_runtime import CALL_LOG_VARIABLE
from tests.templates.loader import REPO

__all__ = [
    "CALL_LOG_VARIABLE",
    "DEFAULT_ACCOUNT",
    "Call",
    "Credentials",
    "in_process_calls",
    "install",
    "json_safe",
    "with_test",
    "worker_calls",
]

DEFAULT_ACCOUNT = "123456789012"
FUNCTIONS = REPO / "functions"
_EMULATORS = (str(REPO / "rehearsal" / "emulator") + "/", str(Path(moto.__file__).parent) + "/")
_PARAMS = "aws_calls.params"


@dataclass(frozen=True, slots=True)
class Credentials:
    """Whose credentials a key is: the account, the role ARN when AssumeRole gave it, and the
    function that called AssumeRole (None when the test harness did)."""

    account: str
    role_arn: str | None = None
    assumed_by: str | None = None


@dataclass(frozen=True, slots=True)
class Call:
    """One AWS operation a function performed, with what names its resource."""

    function: str
    service: str
    operation: str
    params: Mapping[str, Any]
    region: str
    access_key: str
    where: str = "in-process"
    test: str = ""
    credentials: Credentials = field(default_factory=lambda: Credentials(DEFAULT_ACCOUNT))

    @property
    def account(self) -> str:
        return self.credentials.account

    def describe(self) -> str:
        """``service.Operation(params)`` as a short line for failure messages."""
        shown = json.dumps(dict(self.params), sort_keys=True, default=str)
        return f"{self.service}.{self.operation}({shown[:300]})"


_in_process: list[Call] = []
_assumed: dict[str, Credentials] = {}


def json_safe(value: Any) -> Any:
    """``value`` as JSON data: dates as ISO strings, bytes and streams as a placeholder."""
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return f"<{type(value).__name__}>"


def _function_on_stack() -> str | None:
    """The ``functions/<name>/`` package whose code is on the current call stack, if any.

    A call the in-process emulator makes while answering a function's call (its frames
    come first) is the emulator's, not the function's.
    """
    root = str(FUNCTIONS) + "/"
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(root):
            return filename[len(root) :].split("/", 1)[0]
        if filename.startswith(_EMULATORS):
            return None
        frame = frame.f_back
    return None


def _stash_params(params: Mapping[str, Any], context: dict[str, Any], **_: Any) -> None:
    context[_PARAMS] = json_safe(params)


def _access_key(request_signer: Any) -> str:
    credentials = getattr(request_signer, "_credentials", None)
    if credentials is None:
        return ""
    return str(credentials.get_frozen_credentials().access_key)


def _record(model: Any, request_signer: Any, context: dict[str, Any], **_: Any) -> None:
    function = _function_on_stack()
    if function is None:
        return
    key = _access_key(request_signer)
    _in_process.append(
        Call(
            function=function,
            service=model.service_model.service_name,
            operation=model.name,
            params=context.get(_PARAMS, {}),
            region=str(context.get("client_region") or request_signer.region_name),
            access_key=key,
            credentials=credentials_of(key),
        )
    )


def _learn_assumed(parsed: Mapping[str, Any], **_: Any) -> None:
    """Remember which account and role the keys of an AssumeRole answer belong to."""
    remember_assumed(parsed, _function_on_stack())


def remember_assumed(parsed: Mapping[str, Any], by: str | None) -> None:
    """Record the keys of one AssumeRole answer that function ``by`` (or the harness) got."""
    keys, user = parsed.get("Credentials"), parsed.get("AssumedRoleUser")
    if not keys or not user:
        return
    # arn:aws:sts::<account>:assumed-role/<role name>/<session>
    arn = str(user["Arn"])
    account = arn.split(":")[4]
    role_name = arn.split(":", 5)[5].split("/")[1]
    _assumed[str(keys["AccessKeyId"])] = Credentials(
        account, f"arn:{arn.split(':')[1]}:iam::{account}:role/{role_name}", by
    )


def credentials_of(access_key: str) -> Credentials:
    """The account (and assumed role) of ``access_key``, as the emulator would see it."""
    known = _assumed.get(access_key)
    if known:
        return known
    from moto.iam.models import get_account_id_from

    return Credentials(get_account_id_from(access_key))


_HANDLERS = (
    ("before-parameter-build.*.*", _stash_params),
    ("before-call.*.*", _record),
    ("after-call.sts.AssumeRole", _learn_assumed),
)


def install() -> None:
    """Register the hooks for every botocore session made from now on (and the default one)."""
    for handler in _HANDLERS:
        if handler not in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.append(handler)
    import boto3

    session = boto3.DEFAULT_SESSION
    if session is not None:
        for event, function in _HANDLERS:
            session.events.register(event, function, unique_id=f"aws-calls-{event}")


def with_test(call: Call, test: str) -> Call:
    """``call`` attributed to ``test`` (a pytest node id)."""
    return replace(call, test=test)


def in_process_calls() -> list[Call]:
    """The calls recorded in this process so far (oldest first); the list is live."""
    return _in_process


def worker_calls(log: Path, test: str = "", start: int = 0) -> tuple[list[Call], int]:
    """The calls packaged Lambdas appended to ``log`` from byte ``start``; the new end."""
    if not log.exists():
        return [], start
    with log.open("rb") as stream:
        stream.seek(start)
        data = stream.read()
    complete = data[: data.rfind(b"\n") + 1]
    calls = []
    for line in complete.decode("utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("assumed"):
            remember_assumed(entry["assumed"], entry["function"])
            continue
        calls.append(
            Call(
                function=entry["function"],
                service=entry["service"],
                operation=entry["operation"],
                params=entry["params"],
                region=entry["region"],
                access_key=entry["access_key"],
                where="packaged",
                test=test,
                credentials=credentials_of(entry["access_key"]),
            )
        )
    return calls, start + len(complete)
