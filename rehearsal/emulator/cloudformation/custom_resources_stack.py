"""What a stack update or delete does around its custom resources, as CloudFormation does it.

moto applies an update in place and has no rollback. Here a failed update rolls back: every
resource changed so far gets the previous template again (custom resources an Update with
the old properties, their ``OldResourceProperties`` the ones that failed), ending in
UPDATE_ROLLBACK_COMPLETE. Deletes of resources the update removes or replaced wait for the
cleanup phase after UPDATE_COMPLETE; a rollback instead deletes the replacements. A stack
deletes its resources in reverse dependency order; a failed delete leaves it DELETE_FAILED.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-update.html
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from moto.cloudformation import models as cfn_models

from rehearsal.emulator.cloudformation.custom_resources_order import creation_order
from rehearsal.emulator.cloudformation.errors import ResourceFailedError
from rehearsal.emulator.cloudformation.lifecycle import resource_event

__all__ = ["Operation", "install", "operation_of"]

logger = logging.getLogger(__name__)

_ATTRIBUTE = "_custom_resource_operation"
Cleanup = Callable[[], None]


@dataclass
class Operation:
    """The stack operation in progress, as custom resources need to know it.

    ``failures`` are the resources that failed in the forward pass (by logical id) and
    ``attempted`` the properties they failed with; ``replaced`` maps a logical id to the
    (old, new) resources of a replacing Update; ``removed`` holds resources the update
    removed, whose Delete waits for the cleanup phase.
    """

    kind: Literal["update", "delete"]
    rolling_back: bool = False
    failures: dict[str, ResourceFailedError] = field(default_factory=dict)
    attempted: dict[str, dict[str, Any]] = field(default_factory=dict)
    replaced: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    removed: dict[str, Any] = field(default_factory=dict)
    cleanups: list[Cleanup] = field(default_factory=list)
    rollback_cleanups: list[Cleanup] = field(default_factory=list)


def operation_of(stack: Any) -> Operation | None:
    """The update or delete ``stack`` is going through (``None`` outside one)."""
    return getattr(stack, _ATTRIBUTE, None)


def _stack_event(stack: Any, status: str, reason: str | None = None) -> None:
    stack.status = status
    stack.status_reason = reason
    stack._add_stack_event(status, resource_status_reason=reason)


def _run(stack: Any, cleanups: list[Cleanup]) -> None:
    # CloudFormation reports a failed cleanup as an event and keeps the stack's status.
    for cleanup in cleanups:
        try:
            cleanup()
        except ResourceFailedError as failure:
            logger.info("cleanup failed: %s", failure)
            resource_event(
                stack, failure.logical_id, failure.resource_type, "DELETE_FAILED", failure.reason
            )


def _wrap_update(original: Callable[..., None]) -> Callable[..., None]:
    def update(
        self: Any,
        template: str,
        role_arn: str | None = None,
        parameters: dict[str, Any] | None = None,
        tags: dict[str, str] | None = None,
    ) -> None:
        old_template, old_parameters = self.template, _parameters(self)
        operation = Operation("update")
        setattr(self, _ATTRIBUTE, operation)
        first_event = len(self.events)
        try:
            try:
                original(self, template, role_arn, parameters=parameters, tags=tags)
            except ResourceFailedError as failure:
                operation.failures.setdefault(failure.logical_id, failure)
            if operation.failures:
                _drop_retries(self, first_event, set(operation.failures))
                _roll_back(self, operation, old_template, old_parameters)
            elif operation.cleanups:
                completed = self.events.pop()
                _stack_event(self, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
                _run(self, operation.cleanups)
                self.events.append(completed)
                self.status = "UPDATE_COMPLETE"
        finally:
            setattr(self, _ATTRIBUTE, None)

    return update


def _drop_retries(stack: Any, first_event: int, failed: set[str]) -> None:
    """Keep one event per status for each failed resource: moto retries a failed update up
    to five times (the request itself is sent once), CloudFormation tries it once."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for event in stack.events[first_event:]:
        key = (event.logical_resource_id, event.resource_status)
        if event.logical_resource_id in failed and key in seen:
            continue
        seen.add(key)
        kept.append(event)
    stack.events[first_event:] = kept


def _parameters(stack: Any) -> dict[str, Any]:
    """The stack's parameter values as input, defaults included: moto sees a parameter as
    changed only among those it is given, so a rollback must name them all."""
    declared = stack.template_dict.get("Parameters") or {}
    values = {name: str(spec["Default"]) for name, spec in declared.items() if "Default" in spec}
    values.update(stack.resource_map.input_parameters)
    return values


def _roll_back(
    stack: Any, operation: Operation, old_template: Any, old_parameters: dict[str, Any]
) -> None:
    failed = ", ".join(operation.failures)
    _stack_event(
        stack,
        "UPDATE_ROLLBACK_IN_PROGRESS",
        f"The following resource(s) failed to update: [{failed}]. ",
    )
    operation.rolling_back = True
    stack.template = old_template
    stack._parse_template()
    try:
        stack.resource_map.update(stack.template_dict, old_parameters)
    except ResourceFailedError as failure:
        _stack_event(
            stack,
            "UPDATE_ROLLBACK_FAILED",
            f"The following resource(s) failed to update: [{failure.logical_id}]. ",
        )
        return
    stack.output_map = stack._create_output_map()
    if operation.rollback_cleanups:
        _stack_event(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
        _run(stack, operation.rollback_cleanups)
    _stack_event(stack, "UPDATE_ROLLBACK_COMPLETE")


def _delete(stack: Any) -> None:
    """Stack.delete, deleting in reverse dependency order and stopping at a failure."""
    stack._add_stack_event("DELETE_IN_PROGRESS", resource_status_reason="User Initiated")
    setattr(stack, _ATTRIBUTE, Operation("delete"))
    resources = stack.resource_map
    try:
        for logical_id in reversed(creation_order(resources._resource_json_map)):
            resource = resources._parsed_resources.get(logical_id)
            if resource is None:
                continue
            if not _deleted(stack, logical_id, resource):
                _stack_event(
                    stack,
                    "DELETE_FAILED",
                    f"The following resource(s) failed to delete: [{logical_id}]. ",
                )
                return
    finally:
        setattr(stack, _ATTRIBUTE, None)
    _stack_event(stack, "DELETE_COMPLETE")


def _deleted(stack: Any, logical_id: str, resource: Any) -> bool:
    resources = stack.resource_map
    resource_json = resources._resource_json_map[logical_id]
    resource_type = str(resource_json["Type"])
    physical_id = str(getattr(resource, "physical_resource_id", "") or "")
    if resource_json.get("DeletionPolicy") == "Retain":
        resource_event(stack, logical_id, resource_type, "DELETE_SKIPPED", physical_id=physical_id)
        resources._parsed_resources.pop(logical_id)
        return True
    resource_event(stack, logical_id, resource_type, "DELETE_IN_PROGRESS", physical_id=physical_id)
    try:
        resources._delete_resource(resource, resource_json)
    except Exception as error:  # any model's error fails this resource, as in AWS
        reason = error.reason if isinstance(error, ResourceFailedError) else repr(error)
        resource_event(stack, logical_id, resource_type, "DELETE_FAILED", reason, physical_id)
        return False
    resources._parsed_resources.pop(logical_id)
    resource_event(stack, logical_id, resource_type, "DELETE_COMPLETE", physical_id=physical_id)
    return True


def _wrap_delete_stack(original: Callable[[Any, str], None]) -> Callable[[Any, str], None]:
    def delete_stack(self: Any, name_or_stack_id: str) -> None:
        original(self, name_or_stack_id)
        # moto files the stack as deleted whatever happened; a DELETE_FAILED one stays.
        for stack_id, stack in list(self.deleted_stacks.items()):
            if stack.status == "DELETE_FAILED":
                self.stacks[stack_id] = self.deleted_stacks.pop(stack_id)

    return delete_stack


def install() -> None:
    """Wrap moto's stack update and delete (once)."""
    stack, backend = cfn_models.Stack, cfn_models.CloudFormationBackend
    if getattr(stack, "_custom_resource_semantics", False):
        return
    stack.update = _wrap_update(stack.update)  # type: ignore[method-assign]
    stack.delete = _delete  # type: ignore[method-assign,assignment]
    backend.delete_stack = _wrap_delete_stack(backend.delete_stack)  # type: ignore[method-assign,assignment]
    stack._custom_resource_semantics = True  # type: ignore[attr-defined]
