"""Run one Lambda invocation in this fresh interpreter: ``worker.py ZIP HANDLER SITE RESULT``.

Started with ``python -S`` so nothing but the zip, the standard library and the runtime's
boto3 (``SITE``) is importable, as in AWS Lambda. Stdlib only: it runs before any path is set.
The event and context fields arrive as JSON on stdin; the outcome is written to ``RESULT``.
When ``CALL_LOG_VARIABLE`` names a file, every AWS call the handler makes is appended to it.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
from typing import Any

# Opt-in, for tests: a file to append the handler's AWS calls to (one JSON object a line).
CALL_LOG_VARIABLE = "LAMBDA_RUNTIME_CALL_LOG"


class Context:
    """The attributes and method of the Lambda context object handlers use."""

    def __init__(self, fields: dict[str, Any], deadline: float) -> None:
        self.function_name = fields["function_name"]
        self.function_version = fields["function_version"]
        self.invoked_function_arn = fields["invoked_function_arn"]
        self.memory_limit_in_mb = fields["memory_limit_in_mb"]
        self.aws_request_id = fields["aws_request_id"]
        self.log_group_name = fields["log_group_name"]
        self.log_stream_name = fields["log_stream_name"]
        self._deadline = deadline

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _append(log_path: str, entry: dict[str, Any]) -> None:
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry, default=str) + "\n")


def record_calls(log_path: str, function: str) -> None:
    """Append each AWS call (operation, parameters, Region, access key id) to ``log_path``,
    and the keys AssumeRole hands out, so tests can check the calls against the role."""
    import botocore.handlers

    def stash(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["call_log.params"] = json.loads(json.dumps(params, default=str))

    def record(model: Any, request_signer: Any, context: dict[str, Any], **_: Any) -> None:
        credentials = getattr(request_signer, "_credentials", None)
        key = credentials.get_frozen_credentials().access_key if credentials else ""
        region = context.get("client_region") or request_signer.region_name
        _append(
            log_path,
            {
                "function": function,
                "service": model.service_model.service_name,
                "operation": model.name,
                "params": context.get("call_log.params", {}),
                "region": region,
                "access_key": key,
            },
        )

    def assumed(parsed: dict[str, Any], **_: Any) -> None:
        if "Credentials" in parsed and "AssumedRoleUser" in parsed:
            keys = {"AccessKeyId": parsed["Credentials"]["AccessKeyId"]}
            user = {"Arn": parsed["AssumedRoleUser"]["Arn"]}
            answer = {"Credentials": keys, "AssumedRoleUser": user}
            _append(log_path, {"function": function, "assumed": answer})

    botocore.handlers.BUILTIN_HANDLERS.extend(
        [
            ("before-parameter-build.*.*", stash),
            ("before-call.*.*", record),
            ("after-call.sts.AssumeRole", assumed),
        ]
    )


def main(zip_path: str, handler_path: str, site: str, result_path: str) -> None:
    sys.path[:0] = [zip_path, site]
    if os.environ.get(CALL_LOG_VARIABLE):
        record_calls(os.environ[CALL_LOG_VARIABLE], handler_path.split(".", 1)[0])
    payload = json.load(sys.stdin)
    context = Context(payload["context"], time.monotonic() + payload["remaining_ms"] / 1000)
    outcome: dict[str, Any] = {"ok": True, "result": None, "error": None}
    try:
        module_name, function_name = handler_path.rsplit(".", 1)
        handler = getattr(importlib.import_module(module_name), function_name)
        outcome["result"] = handler(payload["event"], context)
    except Exception as error:  # the runtime reports any handler error, as Lambda does
        outcome = {"ok": False, "result": None, "error": f"{type(error).__name__}: {error}"}
        traceback.print_exc()
    outcome["modules"] = sorted(
        name
        for name, module in sys.modules.items()
        if str(getattr(module, "__file__", None) or "").startswith(zip_path)
    )
    with open(result_path, "w", encoding="utf-8") as result:
        json.dump(outcome, result, default=str)


if __name__ == "__main__":
    main(*sys.argv[1:5])
