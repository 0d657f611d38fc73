"""CloudFormation registry schemas (as cfn-lint ships them): the independent reference for what
each resource type accepts, returns and replaces, and for the length limits of its names.

https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import cfnlint

__all__ = [
    "attributes",
    "create_only_properties",
    "max_length",
    "properties",
    "registry_schema",
]

_SCHEMAS = Path(cfnlint.__file__).parent / "data" / "schemas"
# The Region whose registry is the reference; types missing elsewhere are cfn-lint's concern.
_REGION = "us-east-1"
# The first bounded repetition in a pattern such as "^[a-zA-Z0-9\-_]{2,50}$".
_BOUND = re.compile(r"\{\d+,(\d+)\}")


@cache
def _providers() -> dict[str, str]:
    data: dict[str, str] = json.loads((_SCHEMAS / "providers" / f"{_REGION}.json").read_text())
    return data


@cache
def registry_schema(resource_type: str) -> dict[str, Any] | None:
    """The registry schema of ``resource_type``, or None for a type the registry lacks."""
    digest = _providers().get(resource_type)
    if digest is None:
        return None
    schema: dict[str, Any] = json.loads((_SCHEMAS / "resources" / f"{digest}.json").read_text())
    return schema


def _top_level(pointers: list[str]) -> frozenset[str]:
    # "/properties/Name" and "/properties/Config/Inner" both name the top-level property.
    return frozenset(p.split("/")[2] for p in pointers if p.startswith("/properties/"))


def properties(resource_type: str) -> frozenset[str]:
    """Properties a template may set (the schema's properties minus the read-only ones)."""
    schema = registry_schema(resource_type) or {}
    return frozenset(schema.get("properties", {})) - attributes(resource_type)


def attributes(resource_type: str) -> frozenset[str]:
    """Top-level read-only properties: what ``Fn::GetAtt`` returns."""
    schema = registry_schema(resource_type) or {}
    return _top_level(schema.get("readOnlyProperties", []))


def create_only_properties(resource_type: str) -> frozenset[str]:
    """Top-level properties whose change replaces the resource."""
    schema = registry_schema(resource_type) or {}
    return _top_level(schema.get("createOnlyProperties", []))


def max_length(resource_type: str, property_name: str) -> int | None:
    """The longest value ``property_name`` accepts: its maxLength, else its pattern's bound."""
    schema = registry_schema(resource_type) or {}
    definition = schema.get("properties", {}).get(property_name, {})
    reference = definition.get("$ref", "")
    if reference.startswith("#/definitions/"):
        definition = schema.get("definitions", {}).get(reference.rsplit("/", 1)[1], {})
    if "maxLength" in definition:
        return int(definition["maxLength"])
    bound = _BOUND.search(definition.get("pattern", ""))
    return int(bound.group(1)) if bound else None
