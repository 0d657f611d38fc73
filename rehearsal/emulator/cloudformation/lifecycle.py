"""Resource status as CloudFormation reports it: per-resource events (moto records only the
stack's), and any error of a model turned into a failed resource (``ResourceFailedError``)
with CloudFormation's "Resource handler returned message" reason.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing

from rehearsal.emulator.cloudformation.errors import ResourceFailedError

__all__ = ["install", "reason_of", "resource_event"]

logger = logging.getLogger(__name__)


def _stack(resources_map: Any) -> Any:
    backend = cfn_models.cloudformation_backends[resources_map._account_id][
        resources_map._region_name
    ]
    return backend.stacks.get(resources_map.stack_id)


def resource_event(
    stack: Any,
    logical_id: str,
    resource_type: str,
    status: str,
    reason: str | None = None,
    physical_id: str = "",
) -> None:
    """Append one resource event to ``stack`` (no-op when the stack is not known)."""
    if stack is None:
        return
    stack.events.append(
        cfn_models.Event(
            stack_id=stack.stack_id,
            stack_name=stack.name,
            logical_resource_id=logical_id,
            physical_resource_id=physical_id,
            resource_type=resource_type,
            resource_status=status,
            resource_status_reason=reason,
            resource_properties=None,
        )
    )


def reason_of(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return f'Resource handler returned message: "{message}"'


def _wrap_create(original: Callable[..., Any]) -> Callable[..., Any]:
    def parse_and_create_resource(
        logical_id: str,
        resource_json: dict[str, Any],
        resources_map: Any,
        account_id: str,
        region_name: str,
    ) -> Any:
        resource_type = resource_json["Type"]
        condition = resource_json.get("Condition")
        if condition and not resources_map.lazy_condition_map[condition]:
            return None
        stack = _stack(resources_map)
        resource_event(stack, logical_id, resource_type, "CREATE_IN_PROGRESS")
        try:
            resource = original(logical_id, resource_json, resources_map, account_id, region_name)
        except ResourceFailedError as failure:
            if failure.logical_id == logical_id:
                resource_event(stack, logical_id, resource_type, "CREATE_FAILED", failure.reason)
            raise
        except Exception as error:  # any model error fails this resource, as in AWS
            logger.debug("creating %s failed", logical_id, exc_info=True)
            reason = reason_of(error)
            resource_event(stack, logical_id, resource_type, "CREATE_FAILED", reason)
            raise ResourceFailedError(logical_id, resource_type, reason) from error
        if resource is not None:
            physical = str(getattr(resource, "physical_resource_id", "") or "")
            resource_event(
                stack, logical_id, resource_type, "CREATE_COMPLETE", physical_id=physical
            )
            created = resources_map.__dict__.setdefault("created_order", [])
            created.append(logical_id)
        return resource

    return parse_and_create_resource


def _wrap_update(original: Callable[..., Any]) -> Callable[..., Any]:
    def parse_and_update_resource(
        logical_id: str,
        resource_json: dict[str, Any],
        resources_map: Any,
        account_id: str,
        region_name: str,
    ) -> Any:
        resource_type = resource_json["Type"]
        resource_class = parsing.resource_class_from_type(resource_type)
        method = getattr(resource_class, "update_from_cloudformation_json", None)
        if method is None or getattr(method, "__isabstractmethod__", False):
            # moto would put None in place of the resource and report success.
            raise ResourceFailedError(
                logical_id,
                resource_type,
                f"The emulator cannot update a {resource_type} ({logical_id}) as AWS does",
            )
        stack = _stack(resources_map)
        resource_event(stack, logical_id, resource_type, "UPDATE_IN_PROGRESS")
        try:
            resource = original(logical_id, resource_json, resources_map, account_id, region_name)
        except ResourceFailedError as failure:
            resource_event(stack, logical_id, resource_type, "UPDATE_FAILED", failure.reason)
            raise ResourceFailedError(logical_id, resource_type, failure.reason) from failure
        except Exception as error:
            reason = reason_of(error)
            resource_event(stack, logical_id, resource_type, "UPDATE_FAILED", reason)
            raise ResourceFailedError(logical_id, resource_type, reason) from error
        physical = str(getattr(resource, "physical_resource_id", "") or "")
        resource_event(stack, logical_id, resource_type, "UPDATE_COMPLETE", physical_id=physical)
        return resource

    return parse_and_update_resource


def install() -> None:
    """Install the wrappers once; each wraps whatever is installed at that moment."""
    if getattr(parsing, "_lifecycle_installed", False):
        return
    parsing.parse_and_create_resource = _wrap_create(parsing.parse_and_create_resource)
    parsing.parse_and_update_resource = _wrap_update(parsing.parse_and_update_resource)
    parsing._lifecycle_installed = True  # type: ignore[attr-defined]
