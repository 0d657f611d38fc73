"""A stateful stand-in for CloudFormation driving one custom resource through its life.

It sends Create, Update and Delete like a stack would, including the requests CloudFormation
adds on its own: Delete after a failed Create, a rollback Update after a failed Update and,
after a replacing Update, the cleanup Delete of the old physical id.
"""

from __future__ import annotations

from typing import Any

from rehearsal.cfn.channel import Channel
from rehearsal.cfn.config import DriverConfig
from rehearsal.cfn.endpoint import ResponseEndpoint
from rehearsal.cfn.errors import DriverStateError
from rehearsal.cfn.events import StackIdentity, cfn_properties
from rehearsal.cfn.invoke import Handler
from rehearsal.cfn.outcome import Exchange, Outcome
from rehearsal.cfn.tls import LoopbackTLS

__all__ = ["CfnDriver"]


class CfnDriver:
    """Drive ``handler`` as CloudFormation would; use it as a context manager.

    ``physical_resource_id`` and ``properties`` track the resource as the stack sees it
    (``None`` when there is none). Protocol violations raise ``ProtocolError`` subclasses.

    Example
    -------
    >>> with CfnDriver(app.handler, DriverConfig(timeout_s=60)) as driver:
    ...     created = driver.create({"PolicyName": "Daily", "PolicyTargets": ["r-ab12"]})
    ...     assert created.succeeded, created.reason
    ...     print("\\n".join(done.summary() for done in driver.log))
    """

    def __init__(self, handler: Handler, config: DriverConfig | None = None) -> None:
        self.config = config or DriverConfig()
        self.stack = StackIdentity.new(
            region=self.config.region,
            account_id=self.config.account_id,
            stack_name=self.config.stack_name,
            function_name=self.config.function_name,
        )
        self.physical_resource_id: str | None = None
        self.properties: dict[str, Any] | None = None
        self._channel = Channel(handler, self.config, self.stack)

    @property
    def log(self) -> tuple[Exchange, ...]:
        """Every exchange so far, in order, across all operations."""
        return tuple(self._channel.log)

    @property
    def tls(self) -> LoopbackTLS:
        """The run-time CA and server certificate (available once the driver was opened)."""
        return self._channel.started()[0]

    @property
    def endpoint(self) -> ResponseEndpoint:
        """Where responses arrive (available once the driver was opened)."""
        return self._channel.started()[1]

    def __enter__(self) -> CfnDriver:
        self._channel.open()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self._channel.close(check_late=exc_type is None)

    def create(self, properties: dict[str, Any]) -> Outcome:
        """Send Create; after a FAILED Create, send Delete with the id it returned."""
        if self.physical_resource_id is not None:
            raise DriverStateError(f"{self.physical_resource_id} exists; delete it first")
        props = self._cfn_properties(properties)
        first = self._channel.send("Create", "request", props)
        if first.status == "SUCCESS":
            self._set(first.physical_resource_id, props)
            return self._outcome(first)
        delete = self._channel.send(
            "Delete", "delete-after-failed-create", props, first.physical_resource_id
        )
        return self._outcome(first, delete)

    def update(self, properties: dict[str, Any]) -> Outcome:
        """Send Update; roll back a FAILED one, delete the old id after a replacement."""
        old_id, old_props = self._current("update")
        props = self._cfn_properties(properties)
        first = self._channel.send("Update", "request", props, old_id, old_props)
        if first.status == "FAILED":
            rollback = self._channel.send("Update", "rollback", old_props, old_id, props)
            if rollback.status == "SUCCESS":
                self._set(rollback.physical_resource_id, old_props)
            return self._outcome(first, rollback)
        self._set(first.physical_resource_id, props)
        if first.physical_resource_id == old_id:
            return self._outcome(first)
        cleanup = self._channel.send("Delete", "cleanup", old_props, old_id)
        return self._outcome(first, cleanup)

    def delete(self) -> Outcome:
        """Send Delete; the resource stays in the stack if it FAILED (DELETE_FAILED)."""
        old_id, old_props = self._current("delete")
        first = self._channel.send("Delete", "request", old_props, old_id)
        if first.status == "SUCCESS":
            self.physical_resource_id, self.properties = None, None
        return self._outcome(first)

    def _cfn_properties(self, properties: dict[str, Any]) -> dict[str, Any]:
        return cfn_properties(
            properties,
            service_token=self.stack.service_token,
            stringify=self.config.stringify_properties,
        )

    def _current(self, operation: str) -> tuple[str, dict[str, Any]]:
        if self.physical_resource_id is None or self.properties is None:
            raise DriverStateError(f"nothing to {operation}: create the resource first")
        return self.physical_resource_id, self.properties

    def _set(self, physical_resource_id: str, properties: dict[str, Any]) -> None:
        self.physical_resource_id, self.properties = physical_resource_id, properties

    def _outcome(self, *exchanges: Exchange) -> Outcome:
        return Outcome(exchanges=exchanges, physical_resource_id=self.physical_resource_id)
