"""Which resources a stack update changes: moto counts a resource as modified only when its
template text changed or it ``Ref``s a changed parameter, so a parameter used through
``Fn::Sub`` or a condition changes nothing, silently. Here those count too, as
CloudFormation re-evaluates every property with the new parameter values.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from moto.cloudformation import parsing

__all__ = ["install", "names_used"]

_SUB_NAME = re.compile(r"\$\{([^!}][^}.]*)(?:\.[^}]*)?\}")


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _direct_names(node: Any) -> tuple[set[str], set[str]]:
    """Names a node uses (Ref, Fn::Sub, Fn::GetAtt) and the conditions it evaluates."""
    names: set[str] = set()
    conditions: set[str] = set()
    for key, value in _walk(node):
        if key == "Ref" and isinstance(value, str):
            names.add(value)
        elif key == "Fn::Sub":
            text = value[0] if isinstance(value, list) else value
            if isinstance(text, str):
                names |= set(_SUB_NAME.findall(text))
        elif key == "Fn::If" and isinstance(value, list) and value:
            conditions.add(value[0])
        elif key == "Condition" and isinstance(value, str):
            conditions.add(value)
    return names, conditions


def names_used(resource: Mapping[str, Any], condition_map: Mapping[str, Any]) -> set[str]:
    """Parameters and resources ``resource`` depends on, through its conditions too."""
    names, pending = _direct_names(dict(resource))
    seen: set[str] = set()
    while pending:
        condition = pending.pop()
        if condition in seen or condition not in condition_map:
            continue
        seen.add(condition)
        more_names, more_conditions = _direct_names(condition_map[condition])
        names |= more_names
        pending |= more_conditions
    return names


def _wrap(original: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    def build_resource_diff(
        self: Any, other_template: dict[str, Any], parameters: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        diff = original(self, other_template, parameters)
        if not parameters:
            return diff
        changed = {p for p in parameters if self.input_parameters.get(p) != parameters[p]}
        conditions = other_template.get("Conditions") or {}
        old = self._resource_json_map
        for name, resource in other_template["Resources"].items():
            modified = name in old and name not in diff["Modify"]
            if modified and names_used(resource, conditions) & changed:
                diff["Modify"].append(name)
        return diff

    return build_resource_diff


def install() -> None:
    """Wrap moto's diff once."""
    resource_map = parsing.ResourceMap
    if getattr(resource_map, "_diff_follows_sub_and_conditions", False):
        return
    resource_map.build_resource_diff = _wrap(resource_map.build_resource_diff)  # type: ignore[method-assign]
    resource_map._diff_follows_sub_and_conditions = True  # type: ignore[attr-defined]
