"""A failed stack create as CloudFormation handles it: CREATE_FAILED, ROLLBACK_IN_PROGRESS,
created resources deleted in reverse order (DELETE_SKIPPED under ``DeletionPolicy: Retain``),
ROLLBACK_COMPLETE, no outputs or exports, instead of moto's exception out of CreateStack and a
stack left CREATE_IN_PROGRESS.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import AlreadyExistsException
from moto.cloudformation.utils import generate_stack_id
from moto.core.common_models import CloudFormationModel

from rehearsal.emulator.cloudformation.errors import ResourceFailedError
from rehearsal.emulator.cloudformation.lifecycle import reason_of, resource_event

__all__ = ["install"]


def _roll_back(stack: Any, failure: ResourceFailedError) -> None:
    resources = stack.resource_map
    reason = (
        f"The following resource(s) failed to create: [{failure.logical_id}]. "
        "Rollback requested by user."
    )
    stack.status = "ROLLBACK_IN_PROGRESS"
    stack.status_reason = reason
    stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
    templates = resources._resource_json_map
    failed_deletes = []
    for logical_id in reversed(resources.__dict__.get("created_order", [])):
        resource = resources._parsed_resources.get(logical_id)
        if not isinstance(resource, CloudFormationModel):
            continue
        resource_json = templates[logical_id]
        resource_type = resource_json["Type"]
        physical = str(getattr(resource, "physical_resource_id", "") or "")
        if resource_json.get("DeletionPolicy") == "Retain":
            resource_event(stack, logical_id, resource_type, "DELETE_SKIPPED", physical_id=physical)
            continue
        resource_event(stack, logical_id, resource_type, "DELETE_IN_PROGRESS", physical_id=physical)
        try:
            resources._delete_resource(resource, resource_json)
        except Exception as error:
            failed_deletes.append(logical_id)
            resource_event(
                stack, logical_id, resource_type, "DELETE_FAILED", reason_of(error), physical
            )
            continue
        resources._parsed_resources.pop(logical_id, None)
        resource_event(stack, logical_id, resource_type, "DELETE_COMPLETE", physical_id=physical)
    # A rolled-back stack has no resources left to create: moto's lazy map would create them
    # again on the next read (DescribeStacks outputs, ListStackResources).
    resources.__dict__["frozen"] = True
    if failed_deletes:
        stack.status = "ROLLBACK_FAILED"
        stack.status_reason = (
            f"The following resource(s) failed to delete: [{', '.join(failed_deletes)}]. "
        )
    else:
        stack.status = "ROLLBACK_COMPLETE"
    stack._add_stack_event(stack.status, resource_status_reason=stack.status_reason)


def _wrap_create_resources(original: Callable[[Any], None]) -> Callable[[Any], None]:
    def create_resources(self: Any) -> None:
        try:
            original(self)
        except ResourceFailedError as failure:
            _roll_back(self, failure)

    return create_resources


def _create_stack(
    self: Any,
    name: str,
    template: str,
    parameters: dict[str, Any],
    notification_arns: list[str] | None = None,
    tags: dict[str, str] | None = None,
    role_arn: str | None = None,
    enable_termination_protection: bool | None = False,
    timeout_in_mins: int | None = None,
    stack_policy_body: str | None = None,
) -> Any:
    """moto's ``create_stack`` in CloudFormation's order: the stack starts, its resources are
    created (or rolled back), and only a created stack's outputs are exported. moto resolves
    the exports first, creating the resources they name before the stack has started, and
    lets their errors escape from CreateStack."""
    if name in [stack.name for stack in self.stacks.values()]:
        raise AlreadyExistsException(f"Stack {name} already exists")
    stack_id = generate_stack_id(name, self.region_name, self.account_id)
    stack = cfn_models.Stack(  # type: ignore[abstract]
        stack_id=stack_id,
        name=name,
        template=template,
        parameters=parameters,
        account_id=self.account_id,
        region_name=self.region_name,
        notification_arns=notification_arns,
        tags=tags,
        role_arn=role_arn,
        cross_stack_resources=self.exports,
        enable_termination_protection=enable_termination_protection,
        timeout_in_mins=timeout_in_mins,
        stack_policy_body=stack_policy_body,
    )
    self.stacks[stack_id] = stack
    stack._add_stack_event("CREATE_IN_PROGRESS", resource_status_reason="User Initiated")
    stack.create_resources()
    if stack.status == "CREATE_COMPLETE":
        self._validate_export_uniqueness(stack)
        for export in stack.exports:
            self.exports[export.name] = export
    return stack


_NO_OUTPUTS = frozenset({"ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED"})


def _wrap_getitem(original: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    def __getitem__(self: Any, key: str) -> Any:
        if self.__dict__.get("frozen") and key not in self._parsed_resources:
            return None
        return original(self, key)

    return __getitem__


def _wrap_outputs(original: property) -> property:
    def outputs(self: Any) -> Any:
        return None if self.status in _NO_OUTPUTS else original.fget(self)  # type: ignore[misc]

    return property(outputs)


def _stack_resources(self: Any) -> list[Any]:
    # moto lists a None for every resource it did not create (false Condition, rolled back).
    return [resource for resource in self.resource_map.values() if resource is not None]


def install() -> None:
    """Install once: the stack's create, reads of a rolled-back stack, and CreateStack."""
    stack = cfn_models.Stack
    if getattr(stack, "_rolls_back_failed_create", False):
        return
    stack.create_resources = _wrap_create_resources(stack.create_resources)  # type: ignore[method-assign,assignment]
    stack.status_reason = None  # type: ignore[attr-defined]
    stack.stack_resources = property(_stack_resources)  # type: ignore[method-assign,assignment]
    stack.outputs = _wrap_outputs(stack.outputs)  # type: ignore[method-assign,assignment,arg-type]
    parsing.ResourceMap.__getitem__ = _wrap_getitem(parsing.ResourceMap.__getitem__)  # type: ignore[method-assign]
    cfn_models.CloudFormationBackend.create_stack = _create_stack  # type: ignore[method-assign]
    stack._rolls_back_failed_create = True  # type: ignore[attr-defined]
