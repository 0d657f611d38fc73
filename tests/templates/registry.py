"""The IAM permissions CloudFormation's resource handlers call, from cfn-lint's registry schemas.

Each resource type's schema (``handlers.create/update/delete/read/list.permissions``) is AWS's,
published in the CloudFormation registry and bundled by cfn-lint under ``cfnlint/data/schemas/``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from cfnlint.schema import ResourceNotFoundError
from cfnlint.schema.manager import ProviderSchemaManager

__all__ = [
    "CUSTOM_RESOURCE_TYPE",
    "HANDLERS",
    "UnknownResourceTypeError",
    "custom_resource_permissions",
    "handler_permissions",
    "is_custom_resource",
    "resource_types_in",
]

# The handlers CloudFormation calls to deploy a resource, in the order it may call them.
HANDLERS = ("create", "update", "delete")

CUSTOM_RESOURCE_TYPE = "AWS::CloudFormation::CustomResource"

# Region whose schema set is read; the handler permissions do not differ between Regions for
# the types these templates use, and the check names the Region it read.
DEFAULT_REGION = "us-east-1"


class UnknownResourceTypeError(KeyError):
    """Raised for a resource type the registry schemas (cfn-lint's copy) do not know."""


@cache
def _manager() -> ProviderSchemaManager:
    # The schemas bundled with the pinned cfn-lint, never a newer per-user download, so the
    # check gives the same answer on every machine.
    schemas = Path(str(files("cfnlint") / "data" / "schemas"))
    return ProviderSchemaManager(schemas / "providers", schemas / "resources")


def is_custom_resource(resource_type: str) -> bool:
    """``Custom::<name>`` or ``AWS::CloudFormation::CustomResource``: no handler schema."""
    return resource_type.startswith("Custom::") or resource_type == CUSTOM_RESOURCE_TYPE


def custom_resource_permissions(service_token: str | None = None) -> dict[str, tuple[str, ...]]:
    """What the stack's role needs for a custom resource: to send each request to its ServiceToken.

    CloudFormation invokes a Lambda ServiceToken (asynchronously) or publishes to an SNS one on
    create, update and delete, using the stack's service role when it has one.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-custom-resources.html
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
    """
    to_sns = service_token is not None and ":sns:" in service_token
    sends = ("sns:Publish",) if to_sns else ("lambda:InvokeFunction",)
    return dict.fromkeys(HANDLERS, sends)


def _schema(resource_type: str, region: str) -> dict[str, Any]:
    try:
        schema: dict[str, Any] = _manager().get_resource_schema(region, resource_type).schema
    except ResourceNotFoundError as error:
        raise UnknownResourceTypeError(
            f"{resource_type} has no CloudFormation registry schema in cfn-lint's copy for {region}"
        ) from error
    return schema


def handler_permissions(
    resource_type: str, region: str = DEFAULT_REGION
) -> dict[str, tuple[str, ...]]:
    """The IAM actions each handler (create, update, delete; read and list if present) calls.

    Custom resources have no schema: see :func:`custom_resource_permissions` (Lambda tokens).
    Raises :class:`UnknownResourceTypeError` for a type the registry does not know.
    """
    if is_custom_resource(resource_type):
        return custom_resource_permissions()
    handlers: dict[str, Any] = _schema(resource_type, region).get("handlers", {})
    return {
        name: tuple(handler.get("permissions", ()))
        for name, handler in handlers.items()
        if isinstance(handler, dict)
    }


def resource_types_in(template: dict[str, Any]) -> set[str]:
    """Every ``Type`` in the template's ``Resources`` (custom types as written)."""
    resources: dict[str, Any] = template.get("Resources", {})
    return {r["Type"] for r in resources.values() if isinstance(r, dict) and "Type" in r}
