"""Records of what the driver exchanged: one request and its answer, and whole operations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Exchange", "Outcome", "Phase"]

Phase = Literal["request", "delete-after-failed-create", "rollback", "cleanup"]


@dataclass(frozen=True, slots=True)
class Exchange:
    """A request the driver sent and the one valid response it got back."""

    phase: Phase
    event: dict[str, Any]
    response: dict[str, Any]
    handler_error: str | None
    timed_out: bool
    duration_s: float
    after_timeout: tuple[bytes, ...] = ()

    @property
    def request_type(self) -> str:
        return str(self.event["RequestType"])

    @property
    def status(self) -> str:
        return str(self.response["Status"])

    @property
    def physical_resource_id(self) -> str:
        return str(self.response["PhysicalResourceId"])

    @property
    def reason(self) -> str:
        return str(self.response.get("Reason") or "")

    @property
    def data(self) -> dict[str, Any]:
        return dict(self.response.get("Data") or {})

    def summary(self) -> str:
        """One line for logs and the rehearsal's printout."""
        line = (
            f"{self.phase:<26} {self.request_type:<6} {self.status:<7} {self.physical_resource_id}"
        )
        return f"{line}  ({self.reason})" if self.reason else line


@dataclass(frozen=True, slots=True)
class Outcome:
    """Every exchange of one operation, in order, and the resource's id afterwards."""

    exchanges: tuple[Exchange, ...]
    physical_resource_id: str | None

    @property
    def request(self) -> Exchange:
        """The exchange for the request the caller asked for."""
        return self.exchanges[0]

    @property
    def follow_ups(self) -> tuple[Exchange, ...]:
        """Requests CloudFormation sends on its own: delete, rollback or cleanup."""
        return self.exchanges[1:]

    @property
    def status(self) -> str:
        return self.request.status

    @property
    def succeeded(self) -> bool:
        return self.request.status == "SUCCESS"

    @property
    def reason(self) -> str:
        return self.request.reason

    @property
    def replaced(self) -> bool:
        """An Update that succeeded with a new physical id (CloudFormation then deletes the old)."""
        sent = self.request.event.get("PhysicalResourceId")
        return (
            self.request.request_type == "Update"
            and self.succeeded
            and self.request.physical_resource_id != sent
        )

    @property
    def sequence(self) -> tuple[tuple[str, str, str], ...]:
        """``(phase, RequestType, Status)`` for every exchange, for whole-sequence asserts."""
        return tuple((done.phase, done.request_type, done.status) for done in self.exchanges)
