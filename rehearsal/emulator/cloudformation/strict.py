"""Loud failure instead of moto's warning-and-skip: an unknown resource type is a template
error, and a type, property or name the emulator cannot create as AWS does fails the resource
(and so the stack) with the reason CloudFormation would show.

moto logs "No Moto CloudFormation support for ..." and creates nothing
(``moto.cloudformation.parsing.resource_class_from_type``); here the same template fails.
Messages follow CloudFormation's registry validation, e.g. "Properties validation failed for
resource X with message: #: extraneous key [Y] is not permitted".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.utils import random_suffix

from rehearsal.emulator.cloudformation import schemas
from rehearsal.emulator.cloudformation.coverage import (
    COVERAGE,
    DELEGATED_PREFIXES,
    DELEGATED_TYPES,
)
from rehearsal.emulator.cloudformation.errors import ResourceFailedError

__all__ = ["check_resource", "generate_resource_name", "install", "unrecognized_types"]


def _delegated(resource_type: str) -> bool:
    return resource_type in DELEGATED_TYPES or resource_type.startswith(DELEGATED_PREFIXES)


def unrecognized_types(template: dict[str, Any]) -> list[str]:
    """Resource types of ``template`` that the CloudFormation registry does not know."""
    types = {r.get("Type", "") for r in (template.get("Resources") or {}).values()}
    return sorted(
        t
        for t in types
        if not _delegated(t) and t not in parsing.NULL_MODELS and schemas.registry_schema(t) is None
    )


def check_resource(logical_id: str, resource_type: str, properties: dict[str, Any]) -> None:
    """Refuse what the emulator cannot create as AWS does.

    Raises
    ------
    ResourceFailedError
        For a type without a vetted model, a property the registry schema does not have, a
        property the emulator neither honours nor accepts, or a name over its length limit.
    """
    if _delegated(resource_type):
        return
    coverage = COVERAGE.get(resource_type)
    if coverage is None:
        raise ResourceFailedError(
            logical_id,
            resource_type,
            f"The emulator has no vetted model for resource type {resource_type} "
            f"(resource {logical_id}); it would not be created as AWS creates it",
        )
    unknown = sorted(set(properties) - schemas.properties(resource_type))
    if unknown:
        raise ResourceFailedError(
            logical_id,
            resource_type,
            f"Properties validation failed for resource {logical_id} with message: "
            f"#: extraneous key [{unknown[0]}] is not permitted",
        )
    unmodelled = sorted(set(properties) - coverage.honoured - set(coverage.accepted))
    if unmodelled:
        raise ResourceFailedError(
            logical_id,
            resource_type,
            f"The emulator cannot create property {unmodelled[0]} of resource {logical_id} "
            f"({resource_type}) as AWS does; it neither models nor accepts it",
        )
    _check_name(logical_id, resource_type, properties)


def _check_name(logical_id: str, resource_type: str, properties: dict[str, Any]) -> None:
    name_property = parsing.resource_name_property_from_type(resource_type)
    value = properties.get(name_property or "")
    if not isinstance(value, str):
        return
    limit = schemas.max_length(resource_type, name_property or "")
    if limit is not None and len(value) > limit:
        raise ResourceFailedError(
            logical_id,
            resource_type,
            f"Properties validation failed for resource {logical_id} with message: "
            f"#/{name_property}: expected maxLength: {limit}, actual: {len(value)}",
        )


def generate_resource_name(resource_type: str, stack_name: str, logical_id: str) -> str:
    """``<stack name>-<logical id>-<random>``, cut to the name property's limit as AWS does.

    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
    """
    name_property = parsing.resource_name_property_from_type(resource_type) or ""
    limit = schemas.max_length(resource_type, name_property)
    if limit is None:
        return _moto_generate_resource_name(resource_type, stack_name, logical_id)
    suffix = random_suffix()
    prefix = f"{stack_name}-{logical_id}"[: limit - len(suffix) - 1].rstrip("-")
    name = f"{prefix}-{suffix}"
    return name.lower() if resource_type == "AWS::S3::Bucket" else name


_moto_generate_resource_name = parsing.generate_resource_name


class _Unmodelled:
    """Stands in for a registry type moto has no model for, so the stack fails instead of
    skipping it (``check_resource`` refuses it before anything is created)."""

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return True

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: Any,
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        resource_type = cloudformation_json["Type"]
        raise ResourceFailedError(
            kwargs["LogicalId"], resource_type, f"The emulator has no model for {resource_type}"
        )


def _wrap_resource_class_from_type(
    original: Callable[[str], Any],
) -> Callable[[str], Any]:
    def resource_class_from_type(resource_type: str) -> Any:
        resource_class = original(resource_type)
        if resource_class is None and resource_type not in parsing.NULL_MODELS:
            return _Unmodelled
        return resource_class

    return resource_class_from_type


def _wrap_parse(original: Callable[..., Any]) -> Callable[..., Any]:
    def parse_resource_and_generate_name(
        logical_id: str, resource_json: dict[str, Any], resources_map: Any
    ) -> Any:
        resource_type = resource_json["Type"]
        if COVERAGE.get(resource_type) is None and not _delegated(resource_type):
            check_resource(logical_id, resource_type, {})
        parsed = original(logical_id, resource_json, resources_map)
        if parsed is not None:
            # Checked after Fn::If / AWS::NoValue are resolved, as CloudFormation does.
            check_resource(logical_id, resource_type, parsed[1].get("Properties") or {})
        return parsed

    return parse_resource_and_generate_name


def _wrap_load(original: Callable[[Any], None]) -> Callable[[Any], None]:
    def load(self: Any) -> None:
        unknown = unrecognized_types(self._template)
        if unknown:
            raise ValidationError(
                message=f"Template format error: Unrecognized resource types: [{','.join(unknown)}]"
            )
        original(self)

    return load


def install() -> None:
    """Route moto's template parsing through the checks above (idempotent)."""
    if getattr(parsing, "_strict_installed", False):
        return
    parsing.resource_class_from_type = _wrap_resource_class_from_type(  # type: ignore[assignment]
        parsing.resource_class_from_type
    )
    parsing.parse_resource_and_generate_name = _wrap_parse(parsing.parse_resource_and_generate_name)
    parsing.generate_resource_name = generate_resource_name
    parsing.ResourceMap.load = _wrap_load(parsing.ResourceMap.load)  # type: ignore[method-assign,assignment]
    parsing._strict_installed = True  # type: ignore[attr-defined]
