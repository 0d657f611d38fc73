"""``Custom::*`` resources backed by a Lambda function, with CloudFormation's request semantics.

moto sends only Create, through Docker, to a response URL on the moto server. Here every
custom resource of a stack gets Create, Update (with ``OldResourceProperties``) and Delete,
the function runs from its zip (``rehearsal.emulator.lambda_functions``) and answers over the
HTTPS ResponseURL (``custom_resources_requests``). SUCCESS records the PhysicalResourceId
and ``Data`` (``Fn::GetAtt``); FAILED fails the resource with the function's Reason. A failed
Create is followed by a Delete of whatever id came back; a failed Update by a rollback Update
with the old properties; a new id on Update is a replacement, whose old id gets a Delete after
the update completes (``custom_resources_stack``).
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-custom-resources.html
"""

from __future__ import annotations

from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation.custom_model import CustomModel

from rehearsal.cfn import cfn_properties
from rehearsal.emulator import lambda_functions
from rehearsal.emulator.cloudformation import custom_resources_stack
from rehearsal.emulator.cloudformation.custom_resources_requests import (
    DEFAULT_SERVICE_TIMEOUT_S,
    Answer,
    CustomRequest,
    send,
    stop_response_endpoint,
)
from rehearsal.emulator.cloudformation.custom_resources_stack import Operation, operation_of
from rehearsal.emulator.cloudformation.errors import ResourceFailedError

__all__ = ["CustomResource", "install", "stop_response_endpoint"]


class CustomResource(CustomModel):
    """One custom resource as its stack knows it: id, properties as sent, and ``Data``."""

    def __init__(
        self,
        *,
        request: CustomRequest,
        physical_resource_id: str,
        data: dict[str, Any],
        request_id: str,
    ) -> None:
        region = request.stack_id.split(":")[3]
        super().__init__(region, request_id, request.logical_resource_id, physical_resource_id)
        self.stack_id = request.stack_id
        self.resource_type = request.resource_type
        self.service_token = request.service_token
        self.properties = request.properties
        self.set_data(data)

    def delete_request(self) -> CustomRequest:
        """The Delete request for this resource, with its current id and properties."""
        return CustomRequest(
            "Delete",
            self.stack_id,
            self.logical_id,
            self.resource_type,
            self.service_token,
            self.properties,
            physical_resource_id=self.physical_resource_id,
        )

    def delete(self, account_id: str, region_name: str) -> None:
        """Send Delete (called by moto when the stack deletes or rolls back the resource)."""
        stack = _stack(account_id, region_name, self.stack_id)
        operation = operation_of(stack)
        if operation is not None and operation.kind == "update" and not operation.rolling_back:
            operation.removed[self.logical_id] = self
            operation.cleanups.append(lambda: _delete(self, stack))
            return
        _delete(self, stack)


def _stack(account_id: str, region_name: str, stack_id: str) -> Any:
    backend = cfn_models.cloudformation_backends[account_id][region_name]
    return backend.stacks.get(stack_id) or backend.deleted_stacks.get(stack_id)


def _record(stack: Any, answer: Answer) -> Answer:
    """Keep every request and its outcome on the stack, for reports and diagnosis."""
    if stack is not None:
        stack.__dict__.setdefault("custom_resource_requests", []).append(answer)
    return answer


def _reason(answer: Answer) -> str:
    if answer.response is None:
        return answer.reason
    # CloudFormation's ResourceStatusReason for a FAILED answer.
    request_id = answer.event["RequestId"]
    return (
        f"Received response status [FAILED] from custom resource. Message returned: "
        f"{answer.reason} (RequestId: {request_id})"
    )


def _failure(request: CustomRequest, answer: Answer) -> ResourceFailedError:
    return ResourceFailedError(request.logical_resource_id, request.resource_type, _reason(answer))


def _delete(resource: CustomResource, stack: Any) -> None:
    request = resource.delete_request()
    answer = _record(stack, send(request))
    if not answer.ok:
        raise _failure(request, answer)


def _requested(cloudformation_json: dict[str, Any], **fields: Any) -> CustomRequest:
    properties = dict(cloudformation_json.get("Properties") or {})
    token = properties.get("ServiceToken")
    if not token:
        raise ResourceFailedError(
            fields["logical_resource_id"], fields["resource_type"], "ServiceToken: is required"
        )
    timeout = str(properties.get("ServiceTimeout", DEFAULT_SERVICE_TIMEOUT_S))
    if not (timeout.isdigit() and 1 <= int(timeout) <= 3600):
        raise ResourceFailedError(
            fields["logical_resource_id"],
            fields["resource_type"],
            f"ServiceTimeout: must be an integer from 1 to 3600, got {timeout!r}",
        )
    # CloudFormation sends numbers and booleans as strings, ServiceToken first.
    sent = cfn_properties(properties, service_token=str(token))
    return CustomRequest(service_token=str(token), properties=sent, **fields)


def _created(
    cls: type[CustomModel],
    resource_name: str,
    cloudformation_json: dict[str, Any],
    account_id: str,
    region_name: str,
    **kwargs: Any,
) -> CustomResource:
    stack = _stack(account_id, region_name, kwargs["StackId"])
    operation = operation_of(stack)
    logical_id = kwargs["LogicalId"]
    if operation is not None and operation.rolling_back and logical_id in operation.removed:
        kept: CustomResource = operation.removed[logical_id]
        return kept  # never deleted: its Delete waited for the cleanup phase
    request = _requested(
        cloudformation_json,
        request_type="Create",
        stack_id=kwargs["StackId"],
        logical_resource_id=logical_id,
        resource_type=kwargs["ResourceType"],
    )
    answer = _record(stack, send(request))
    if answer.ok:
        return _resource(stack, request, answer, answer.physical_resource_id or resource_name)
    # CloudFormation deletes whatever a failed Create left, with the id it returned.
    delete = CustomRequest(
        "Delete",
        request.stack_id,
        logical_id,
        request.resource_type,
        request.service_token,
        request.properties,
        physical_resource_id=answer.physical_resource_id or resource_name,
    )
    _record(stack, send(delete))
    raise _failure(request, answer)


def _resource(
    stack: Any, request: CustomRequest, answer: Answer, physical_id: str
) -> CustomResource:
    resource = CustomResource(  # type: ignore[abstract]
        request=request,
        physical_resource_id=physical_id,
        data=answer.data,
        request_id=str(answer.event["RequestId"]),
    )
    if stack is not None:
        stack.add_custom_resource(resource)
    return resource


def _updated(
    cls: type[CustomModel],
    original_resource: Any,
    new_resource_name: str,
    cloudformation_json: dict[str, Any],
    account_id: str,
    region_name: str,
) -> Any:
    original: CustomResource = original_resource
    stack = _stack(account_id, region_name, original.stack_id)
    operation = operation_of(stack) or Operation("update")
    logical_id = original.logical_id
    if logical_id in operation.failures and not operation.rolling_back:
        raise operation.failures[logical_id]  # moto retries updates; CloudFormation sends one
    request = _requested(
        cloudformation_json,
        request_type="Update",
        stack_id=original.stack_id,
        logical_resource_id=logical_id,
        resource_type=original.resource_type,
        physical_resource_id=original.physical_resource_id,
        old_properties=operation.attempted.get(logical_id, original.properties),
    )
    if operation.rolling_back:
        kept = _reverted(original, request, operation, stack)
        if kept is not None:
            return kept
    if request.service_token != original.service_token:
        answer = Answer({}, None, "Modifying service token is not allowed.")
    else:
        answer = _record(stack, send(request))
    if not answer.ok:
        failure = _failure(request, answer)
        if not operation.rolling_back:
            operation.failures[logical_id] = failure
            operation.attempted[logical_id] = request.properties
        raise failure
    updated = _resource(stack, request, answer, answer.physical_resource_id or "")
    if updated.physical_resource_id != original.physical_resource_id:
        operation.replaced[logical_id] = (original, updated)
        operation.cleanups.append(lambda: _delete(original, stack))
    return updated


def _reverted(
    current: CustomResource, request: CustomRequest, operation: Operation, stack: Any
) -> Any:
    """During a rollback: the resource to keep without a request, or ``None`` to send one."""
    old, new = operation.replaced.get(current.logical_id, (None, None))
    if new is current:
        # The old resource was never touched; the replacement is deleted in the cleanup.
        operation.rollback_cleanups.append(lambda: _delete(current, stack))
        return old
    if current.logical_id not in operation.attempted and request.properties == current.properties:
        return current  # the forward pass never reached it
    return None


def _deleted(cls: type[CustomModel], *args: Any, **kwargs: Any) -> None:
    # moto calls this only for resources it never created (CustomResource.delete handles ours).
    return None


def install() -> None:
    """Send Custom:: requests to Lambda functions run from their zips (once)."""
    lambda_functions.install()
    custom_resources_stack.install()
    CustomModel.create_from_cloudformation_json = classmethod(_created)  # type: ignore[assignment,method-assign,arg-type]
    CustomModel.update_from_cloudformation_json = classmethod(_updated)  # type: ignore[assignment,method-assign]
    CustomModel.delete_from_cloudformation_json = classmethod(_deleted)  # type: ignore[assignment,method-assign]
    _stop_with_reset()


def _stop_with_reset() -> None:
    from moto.moto_api._internal.models import MotoAPIBackend

    original = MotoAPIBackend.reset
    if getattr(original, "_stops_response_endpoint", False):
        return

    def reset(self: MotoAPIBackend) -> None:
        stop_response_endpoint()
        original(self)

    reset._stops_response_endpoint = True  # type: ignore[attr-defined]
    MotoAPIBackend.reset = reset  # type: ignore[method-assign]
