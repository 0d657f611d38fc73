"""What a validator gets (the restored resource) and gives back (a verdict), and helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from botocore.exceptions import ClientError

from restore_validation.clients import ClientFactory
from restore_validation.config import Config

__all__ = [
    "Restored",
    "Validator",
    "Verdict",
    "error_code",
    "failed",
    "resource_id",
    "state_verdict",
    "successful",
]

Status = Literal["SUCCESSFUL", "FAILED"]


@dataclass(frozen=True, slots=True)
class Restored:
    """The resource a restore test created, as its restore job names it."""

    restore_job_id: str
    resource_type: str
    created_resource_arn: str
    recovery_point_arn: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The validation status to report, and the message that says why."""

    status: Status
    message: str


Validator = Callable[[Restored, Config, ClientFactory], Verdict]


def successful(message: str) -> Verdict:
    return Verdict("SUCCESSFUL", message)


def failed(message: str) -> Verdict:
    return Verdict("FAILED", message)


def resource_id(arn: str) -> str:
    """The last part of an ARN's resource (``table/orders`` -> ``orders``, ``db:x`` -> ``x``)."""
    resource = arn.split(":", 5)[-1]
    return resource.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def state_verdict(
    noun: str,
    name: str,
    read_state: Callable[[], str | None],
    not_found_code: str,
    wanted: tuple[str, ...] = ("available",),
) -> Verdict:
    """Judge one restored resource by its state: ``read_state`` describes it (None when the
    answer lists nothing); FAILED when AWS answers ``not_found_code`` or the state is not one
    of ``wanted``. Other AWS errors propagate (a real failure, retried by Lambda)."""
    try:
        state = read_state() or "gone"
    except ClientError as error:
        if error_code(error) == not_found_code:
            return failed(f"{noun} {name} not found")
        raise
    if state not in wanted:
        return failed(f"{noun} {name} is {state}, not {' or '.join(wanted)}")
    return successful(f"{noun} {name} is {state}")
