"""Start a restore test over HTTP: an emulator-only moto-api route and its client.

``POST {endpoint}/moto-api/backup/restore-testing/run`` with the JSON body
``{"AccountId": "...", "Region": "...", "RestoreTestingPlanName": "..."}`` answers
``{"RestoreJobIds": [...]}`` (200), or ``{"__type": <AWS error code>, "message": ...}`` (400).
AWS has no such API; it runs restore tests on the plan's schedule.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from moto.core.exceptions import ServiceException
from moto.core.models import DEFAULT_ACCOUNT_ID

from rehearsal.emulator.backup.restore_testing.run import run_restore_testing

__all__ = ["ROUTE", "RUN_PATH", "request_restore_test", "run_route"]

RUN_PATH = "/moto-api/backup/restore-testing/run"
ROUTE = "{0}" + RUN_PATH + "$"  # in moto-api's url_paths style


def run_route(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    """moto-api handler: run the named plan's restore test in the body's account and Region."""
    raw = request.data if hasattr(request, "data") else request.body
    body = json.loads(raw or b"{}")
    try:
        job_ids = run_restore_testing(
            str(body.get("AccountId") or DEFAULT_ACCOUNT_ID),
            str(body.get("Region") or "us-east-1"),
            str(body.get("RestoreTestingPlanName") or ""),
        )
    except ServiceException as error:
        return 400, {}, json.dumps({"__type": error.code, "message": error.message})
    return 200, {"Content-Type": "application/json"}, json.dumps({"RestoreJobIds": job_ids})


def request_restore_test(
    endpoint: str, plan_name: str, account_id: str = DEFAULT_ACCOUNT_ID, region: str = "us-east-1"
) -> list[str]:
    """Ask the emulator server at ``endpoint`` to run ``plan_name``'s restore test now.

    Raises
    ------
    urllib.error.HTTPError
        With status 400 when the plan does not exist (the body names the AWS error code).
    """
    body = {"AccountId": account_id, "Region": region, "RestoreTestingPlanName": plan_name}
    request = urllib.request.Request(
        endpoint.rstrip("/") + RUN_PATH,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        job_ids: list[str] = json.loads(response.read())["RestoreJobIds"]
    return job_ids
