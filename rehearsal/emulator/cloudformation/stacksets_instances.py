"""Stack instances: a real stack in the target account and Region, named as AWS names it
(``StackSet-<stack set name>-<uuid4>``), created, updated and deleted through that account's
CloudFormation backend, with the instance's status and reason as AWS reports them.

Sources: StackInstance and StackInstanceSummary
(https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackInstance.html),
StackName (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html:
at most 128 characters).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.moto_api._internal import mock_random

__all__ = ["MAX_STACK_NAME", "OrgStackInstance", "failure_reason"]

logger = logging.getLogger(__name__)

MAX_STACK_NAME = 128
_FAILED_CREATE = ("CREATE_FAILED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED")


def failure_reason(exc: BaseException) -> str:
    """The instance's StatusReason for an exception raised while its stack ran: AWS's
    ``ResourceLogicalId:<id>, ResourceType:<type>, ResourceStatusReason:<reason>`` when the
    exception names the failed resource, else ``<ErrorCode>: <message>``.
    """
    logical_id = getattr(exc, "logical_id", None)
    resource_type = getattr(exc, "resource_type", None)
    reason = getattr(exc, "reason", None)
    if logical_id and resource_type and reason:
        return _resource_reason(logical_id, resource_type, reason)
    code = getattr(exc, "error_type", None) or getattr(exc, "code", None)
    if not isinstance(code, str):  # RESTError keeps the HTTP status in ``code``
        code = type(exc).__name__
    message = getattr(exc, "message", None) or str(exc)
    return f"{code}: {message}"


def _resource_reason(logical_id: str, resource_type: str, reason: str) -> str:
    return (
        f"ResourceLogicalId:{logical_id}, ResourceType:{resource_type}, "
        f"ResourceStatusReason:{reason}"
    )


class OrgStackInstance(cfn_models.StackInstance):
    """One account x Region of a StackSet, and the stack that realises it.

    ``status`` is CURRENT, OUTDATED or INOPERABLE; ``detailed_status`` SUCCEEDED, FAILED,
    CANCELLED or PENDING, as ``StackInstanceStatus.DetailedStatus`` says.
    """

    def __init__(  # moto's __init__ creates a hidden stack; this one creates nothing yet
        self,
        stackset: cfn_models.StackSet,
        account_id: str,
        region_name: str,
        overrides: Mapping[str, str],
        ou_id: str,
    ) -> None:
        self.stackset_id = stackset.id
        self.account_id = account_id
        self.region_name = region_name
        self.name = stackset.name
        self.parameters = [
            {"ParameterKey": k, "ParameterValue": v} for k, v in sorted(overrides.items())
        ]
        self.overrides = dict(overrides)
        self.ou_id = ou_id
        self.permission_model = stackset.permission_model
        self.stack_name = f"StackSet-{stackset.name}-{mock_random.uuid4()}"
        self.stack_id: str | None = None
        self.status = "OUTDATED"
        self.detailed_status = "PENDING"
        self.status_reason: str | None = None
        self.last_operation_id: str | None = None

    @property
    def backend(self) -> cfn_models.CloudFormationBackend:
        backend: cfn_models.CloudFormationBackend = cfn_models.cloudformation_backends[
            self.account_id
        ][self.region_name]
        return backend

    def _settle(self, reason: str | None, operation_id: str) -> str | None:
        self.last_operation_id = operation_id
        self.status = "CURRENT" if reason is None else "OUTDATED"
        self.detailed_status = "SUCCEEDED" if reason is None else "FAILED"
        self.status_reason = reason
        return reason

    def cancel(self, operation_id: str, reason: str) -> None:
        """Not attempted: the operation stopped at its failure tolerance."""
        self.last_operation_id = operation_id
        self.status = "OUTDATED"
        self.detailed_status = "CANCELLED"
        self.status_reason = reason

    def create(
        self, template: str, parameters: Mapping[str, str], tags: Mapping[str, str], op: str
    ) -> str | None:
        """Create the instance's stack; returns the failure reason (None when it succeeded)."""
        if len(self.stack_name) > MAX_STACK_NAME:
            return self._settle(
                f"ValidationError: 1 validation error detected: Value '{self.stack_name}' at "
                "'stackName' failed to satisfy constraint: Member must have length less than "
                f"or equal to {MAX_STACK_NAME}",
                op,
            )
        values = {**parameters, **self.overrides}
        try:
            stack = self.backend.create_stack(
                name=self.stack_name, template=template, parameters=values, tags=dict(tags)
            )
        # The member account's stack is a boundary: whatever its resources raise becomes the
        # instance's StatusReason, as CloudFormation reports it, instead of failing the caller.
        except Exception as exc:
            reason = failure_reason(exc)
            self._roll_back(reason)
            return self._settle(reason, op)
        self.stack_id = stack.stack_id
        if stack.status in _FAILED_CREATE:
            return self._settle(_stack_reason(stack) or stack.status, op)
        return self._settle(None, op)

    def _roll_back(self, reason: str) -> None:
        stack = next((s for s in self.backend.stacks.values() if s.name == self.stack_name), None)
        if stack is None:
            return
        self.stack_id = stack.stack_id
        if stack.status != "CREATE_IN_PROGRESS":
            return  # a stricter create_stack already failed and rolled it back
        stack._add_stack_event("CREATE_FAILED", resource_status_reason=reason)
        stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
        try:
            stack.resource_map.delete()
        except Exception as exc:  # reported on the stack, as ROLLBACK_FAILED
            stack.status = "ROLLBACK_FAILED"
            stack._add_stack_event("ROLLBACK_FAILED", resource_status_reason=failure_reason(exc))
            return
        stack.status = "ROLLBACK_COMPLETE"
        stack._add_stack_event("ROLLBACK_COMPLETE")

    def update(
        self, template: str, parameters: Mapping[str, str], tags: Mapping[str, str], op: str
    ) -> str | None:
        """Update the stack to the set's template and parameters (re-create a failed one)."""
        stack = self._stack()
        if stack is None or stack.status in _FAILED_CREATE:
            if stack is not None:
                self.backend.delete_stack(stack.stack_id)
            self.stack_name = f"StackSet-{self.name}-{mock_random.uuid4()}"
            self.stack_id = None
            return self.create(template, parameters, tags, op)
        values = [
            {"ParameterKey": k, "ParameterValue": v}
            for k, v in {**parameters, **self.overrides}.items()
        ]
        try:
            self.backend.update_stack(
                name=stack.stack_id,
                template=template,
                role_arn=None,
                parameters=values,
                tags=dict(tags),
            )
        except Exception as exc:  # the member stack is a boundary, see create
            return self._settle(failure_reason(exc), op)
        return self._settle(None, op)

    def delete_stack(self, retain: bool, op: str) -> str | None:
        """Delete the stack (or keep it, disassociated); returns the failure reason or None."""
        self.last_operation_id = op
        stack = self._stack()
        if retain or stack is None or stack.status == "DELETE_COMPLETE":
            return None
        try:
            self.backend.delete_stack(stack.stack_id)
        except Exception as exc:  # the member stack is a boundary, see create
            return self._settle(failure_reason(exc), op)
        return None

    def delete(self) -> None:
        self.delete_stack(retain=False, op=self.last_operation_id or "")

    def _stack(self) -> cfn_models.Stack | None:
        if self.stack_id is None:
            return None
        return self.backend.stacks.get(self.stack_id)

    def to_dict(self) -> dict[str, Any]:
        """The StackInstance / StackInstanceSummary shape."""
        described: dict[str, Any] = {
            "StackSetId": self.stackset_id,
            "Region": self.region_name,
            "Account": self.account_id,
            "Status": self.status,
            "StackInstanceStatus": {"DetailedStatus": self.detailed_status},
            "ParameterOverrides": self.parameters,
            "DriftStatus": "NOT_CHECKED",
        }
        if self.stack_id:
            described["StackId"] = self.stack_id
        if self.status_reason:
            described["StatusReason"] = self.status_reason
        if self.ou_id:
            described["OrganizationalUnitId"] = self.ou_id
        if self.last_operation_id:
            described["LastOperationId"] = self.last_operation_id
        return described


def _stack_reason(stack: cfn_models.Stack) -> str | None:
    for event in stack.events:
        if event.resource_status.endswith("_FAILED") and event.resource_status_reason:
            if event.logical_resource_id != stack.name:
                return _resource_reason(
                    event.logical_resource_id, event.resource_type, event.resource_status_reason
                )
            return str(event.resource_status_reason)
    return None
