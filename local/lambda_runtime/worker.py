"""Run one Lambda invocation in this fresh interpreter: ``worker.py ZIP HANDLER SITE RESULT``.

Started with ``python -S`` so nothing but the zip, the standard library and the runtime's
boto3 (``SITE``) is importable, as in AWS Lambda. Stdlib only: it runs before any path is set.
The event and context fields arrive as JSON on stdin; the outcome is written to ``RESULT``.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from typing import Any


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


def main(zip_path: str, handler_path: str, site: str, result_path: str) -> None:
    sys.path[:0] = [zip_path, site]
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
