"""Builders for CloudFormation custom-resource request events, shaped as CloudFormation sends them.

Reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["RequestType", "StackIdentity", "cfn_properties", "request_event"]

RequestType = Literal["Create", "Update", "Delete"]


@dataclass(frozen=True, slots=True)
class StackIdentity:
    """The stack and function a simulated custom resource belongs to."""

    region: str
    account_id: str
    stack_name: str
    function_name: str
    stack_uuid: str

    @classmethod
    def new(
        cls, *, region: str, account_id: str, stack_name: str, function_name: str
    ) -> StackIdentity:
        """A stack identity with a fresh stack UUID, as a new stack would get."""
        return cls(region, account_id, stack_name, function_name, str(uuid.uuid4()))

    @property
    def stack_id(self) -> str:
        return (
            f"arn:aws:cloudformation:{self.region}:{self.account_id}"
            f":stack/{self.stack_name}/{self.stack_uuid}"
        )

    @property
    def service_token(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account_id}:function:{self.function_name}"


def cfn_properties(
    properties: Mapping[str, Any], *, service_token: str, stringify: bool = True
) -> dict[str, Any]:
    """Properties as the function receives them: ``ServiceToken`` first, scalars as strings.

    CloudFormation turns numbers and booleans into strings before invoking a custom resource
    (https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1037), so a
    handler that expects ``True`` or ``60`` works in a unit test and fails in a stack.
    """
    body = {key: value for key, value in properties.items() if key != "ServiceToken"}
    converted = _stringify(body) if stringify else body
    return {"ServiceToken": service_token, **converted}


def _stringify(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        return {key: _stringify(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_stringify(item) for item in value]
    return value


def request_event(
    request_type: RequestType,
    *,
    stack: StackIdentity,
    request_id: str,
    response_url: str,
    logical_resource_id: str,
    resource_type: str,
    properties: dict[str, Any],
    physical_resource_id: str | None = None,
    old_properties: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One request event; Update and Delete need the physical id, Update the old properties.

    ``properties`` and ``old_properties`` are used as given (see ``cfn_properties``).
    """
    if request_type != "Create" and physical_resource_id is None:
        raise ValueError(f"a {request_type} request needs a PhysicalResourceId")
    if request_type == "Update" and old_properties is None:
        raise ValueError("an Update request needs OldResourceProperties")
    event: dict[str, Any] = {
        "RequestType": request_type,
        "ServiceToken": stack.service_token,
        "ResponseURL": response_url,
        "StackId": stack.stack_id,
        "RequestId": request_id,
        "LogicalResourceId": logical_resource_id,
        "ResourceType": resource_type,
    }
    if request_type != "Create":
        event["PhysicalResourceId"] = physical_resource_id
    event["ResourceProperties"] = properties
    if request_type == "Update":
        event["OldResourceProperties"] = old_properties
    return event
