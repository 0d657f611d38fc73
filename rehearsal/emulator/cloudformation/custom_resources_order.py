"""The order CloudFormation creates a template's resources in, from their references.

A resource comes after every resource it names through ``Ref``, ``Fn::GetAtt``, ``Fn::Sub``
(``${Name}``, ``${Name.Attribute}``) or ``DependsOn``; deletion runs in the reverse order, so a
custom resource is deleted while its function still exists. moto deletes in set order and
retries what failed, which sends a custom resource's Delete to a function already gone.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["creation_order", "references"]

_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[^}]*)?\}")


def references(node: Any) -> set[str]:
    """Every name ``node`` refers to (resources, parameters and pseudo parameters alike)."""
    if isinstance(node, list):
        return set().union(*(references(item) for item in node))
    if not isinstance(node, Mapping):
        return set()
    found: set[str] = set()
    for key, value in node.items():
        if key == "Ref" and isinstance(value, str):
            found.add(value)
        elif key == "Fn::GetAtt":
            target = value[0] if isinstance(value, list) else str(value).split(".", 1)[0]
            found.add(str(target))
        elif key == "Fn::Sub":
            text = value[0] if isinstance(value, list) else value
            found.update(_SUB_NAME.findall(str(text)))
            found |= references(value[1:] if isinstance(value, list) else [])
        else:
            found |= references(value)
    return found


def creation_order(resources: Mapping[str, Any]) -> list[str]:
    """Logical ids of ``resources`` (a template's Resources), each after what it depends on."""
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered or name in visiting:
            return  # a cycle is the template's error; CloudFormation refuses it earlier
        visiting.add(name)
        for dependency in sorted(_dependencies(resources[name], resources)):
            visit(dependency)
        visiting.discard(name)
        ordered.append(name)

    for name in resources:
        visit(name)
    return ordered


def _dependencies(resource: Mapping[str, Any], resources: Mapping[str, Any]) -> set[str]:
    depends_on = resource.get("DependsOn") or []
    named = {depends_on} if isinstance(depends_on, str) else set(depends_on)
    found = references(resource.get("Properties") or {}) | named
    return {name for name in found if name in resources}
