"""Resolve a template's intrinsic functions with the values of one realistic deployment.

The result is a plain template: no ``Ref``/``Fn::*`` left, conditions evaluated, resources and
outputs whose condition is false removed, ``AWS::NoValue`` dropped. Ref and GetAtt of
resources return what AWS returns (``physical.py``). An intrinsic this module does not know
fails loudly rather than passing through unresolved.
"""

from __future__ import annotations

import re
from typing import Any

from tests.templates.deployments import Deployment
from tests.templates.loader import load_path
from tests.templates.physical import Place, attribute, physical_name, reference

__all__ = ["RenderError", "condition_values", "render", "rendered", "rules_hold"]

_NO_VALUE = object()
_SUB = re.compile(r"\$\{([^}!][^}]*)\}")


class RenderError(ValueError):
    """Raised when a template cannot be resolved (unknown intrinsic, parameter or resource)."""


def rendered(deployment: Deployment) -> dict[str, Any]:
    """``deployment.template`` read from the repository and rendered for ``deployment``."""
    return render(load_path(deployment.template), deployment)


def rules_hold(deployment: Deployment) -> bool:
    """Whether ``deployment``'s parameters pass the template's ``Rules`` (CloudFormation
    refuses the stack otherwise, so such a deployment never exists).

    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html
    """
    template = load_path(deployment.template)
    renderer = _Renderer(template, deployment)
    for rule in template.get("Rules", {}).values():
        if "RuleCondition" in rule and not renderer.resolve(rule["RuleCondition"]):
            continue
        if not all(renderer.resolve(a["Assert"]) for a in rule.get("Assertions", [])):
            return False
    return True


def condition_values(deployment: Deployment) -> dict[str, bool]:
    """The value of every condition of ``deployment.template`` for ``deployment``."""
    template = load_path(deployment.template)
    renderer = _Renderer(template, deployment)
    return {name: renderer.condition(name) for name in template.get("Conditions", {})}


def render(template: dict[str, Any], deployment: Deployment) -> dict[str, Any]:
    """A plain copy of ``template`` with every intrinsic resolved for ``deployment``.

    Raises
    ------
    RenderError
        A parameter has no value, or an intrinsic, resource or attribute is unknown.
    """
    return _Renderer(template, deployment).run()


class _Renderer:
    def __init__(self, template: dict[str, Any], deployment: Deployment) -> None:
        self.template = template
        self.deployment = deployment
        self.place = Place(deployment.stack_name, deployment.account_id, deployment.region)
        self.parameters = self._parameters()
        self.conditions: dict[str, bool] = {}
        self.names: dict[str, str] = {}

    def run(self) -> dict[str, Any]:
        for name in self.template.get("Conditions", {}):
            self.condition(name)
        resources = {
            logical_id: resource
            for logical_id, resource in self.template.get("Resources", {}).items()
            if self._included(resource)
        }
        for logical_id, resource in resources.items():
            properties = self.resolve(resource.get("Properties", {}))
            self.names[logical_id] = physical_name(
                resource["Type"], logical_id, properties, self.place
            )
        out_resources = {}
        for logical_id, resource in resources.items():
            copy = {k: v for k, v in resource.items() if k not in ("Condition", "Properties")}
            if "Properties" in resource:
                copy["Properties"] = self.resolve(resource["Properties"])
            out_resources[logical_id] = copy
        outputs = {
            name: {k: self.resolve(v) for k, v in output.items() if k != "Condition"}
            for name, output in self.template.get("Outputs", {}).items()
            if self._included(output)
        }
        result: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09"}
        result["Resources"] = out_resources
        if outputs:
            result["Outputs"] = outputs
        return result

    def _parameters(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, spec in self.template.get("Parameters", {}).items():
            if name in self.deployment.parameters:
                value: Any = self.deployment.parameters[name]
            elif "Default" in spec:
                value = spec["Default"]
            else:
                raise RenderError(f"{self.deployment.template}: parameter {name} has no value")
            if spec["Type"] == "CommaDelimitedList" and isinstance(value, str):
                value = value.split(",") if value else [""]
            elif isinstance(value, (int, float)):
                value = str(value)
            values[name] = value
        return values

    def _included(self, node: dict[str, Any]) -> bool:
        return "Condition" not in node or self.condition(node["Condition"])

    def condition(self, name: str) -> bool:
        if name not in self.conditions:
            if name not in self.template.get("Conditions", {}):
                raise RenderError(f"unknown condition {name}")
            self.conditions[name] = bool(self.resolve(self.template["Conditions"][name]))
        return self.conditions[name]

    def _pseudo(self, name: str) -> Any:
        d = self.deployment
        values = {
            "AWS::AccountId": d.account_id,
            "AWS::Region": d.region,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": d.stack_name,
            "AWS::StackId": f"arn:aws:cloudformation:{d.region}:{d.account_id}:stack/"
            f"{d.stack_name}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
            "AWS::NotificationARNs": [],
            "AWS::NoValue": _NO_VALUE,
        }
        return values[name]

    def _ref(self, name: str) -> Any:
        if name.startswith("AWS::"):
            return self._pseudo(name)
        if name in self.parameters:
            return self.parameters[name]
        resource = self.template.get("Resources", {}).get(name)
        if resource is None:
            raise RenderError(f"Ref to unknown {name}")
        return reference(resource["Type"], self._name(name), self.place)

    def _name(self, logical_id: str) -> str:
        if logical_id not in self.names:
            resource = self.template["Resources"][logical_id]
            properties = self.resolve(resource.get("Properties", {}))
            self.names[logical_id] = physical_name(
                resource["Type"], logical_id, properties, self.place
            )
        return self.names[logical_id]

    def _get_att(self, logical_id: str, name: str) -> str:
        resource = self.template.get("Resources", {}).get(logical_id)
        if resource is None:
            raise RenderError(f"GetAtt of unknown resource {logical_id}")
        return attribute(resource["Type"], name, self._name(logical_id), self.place)

    def _sub(self, argument: Any) -> str:
        text, variables = (argument, {}) if isinstance(argument, str) else argument
        local = {key: self.resolve(value) for key, value in variables.items()}

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in local:
                return str(local[name])
            if "." in name and not name.startswith("AWS::"):
                return self._get_att(*name.split(".", 1))
            resolved = self._ref(name)
            if isinstance(resolved, list):
                raise RenderError(f"Fn::Sub of list parameter {name}")
            return str(resolved)

        return _SUB.sub(value, text).replace("${!", "${")

    def resolve(self, node: Any) -> Any:
        if isinstance(node, list):
            items = [self.resolve(item) for item in node]
            return [item for item in items if item is not _NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            ((key, argument),) = node.items()
            if key == "Ref":
                return self._ref(argument)
            if key == "Condition" and isinstance(argument, str):
                return self.condition(argument)
            if key.startswith("Fn::"):
                return self._function(key, argument)
        out = {}
        for key, value in node.items():
            resolved = self.resolve(value)
            if resolved is not _NO_VALUE:
                out[key] = resolved
        return out

    def _function(self, key: str, argument: Any) -> Any:
        if key == "Fn::If":
            name, yes, no = argument
            return self.resolve(yes if self.condition(name) else no)
        if key == "Fn::Sub":
            return self._sub(argument)
        if key == "Fn::GetAtt":
            logical_id, name = argument if isinstance(argument, list) else argument.split(".", 1)
            return self._get_att(logical_id, name)
        if key == "Fn::Join":
            separator, items = argument
            return separator.join(str(item) for item in self.resolve(items))
        if key == "Fn::Select":
            index, items = argument
            return self.resolve(items)[int(self.resolve(index))]
        if key == "Fn::Split":
            separator, text = argument
            return str(self.resolve(text)).split(separator)
        if key == "Fn::Equals":
            left, right = (self.resolve(item) for item in argument)
            return str(left) == str(right)
        if key == "Fn::Not":
            return not self.resolve(argument[0])
        if key == "Fn::And":
            return all(self.resolve(item) for item in argument)
        if key == "Fn::Or":
            return any(self.resolve(item) for item in argument)
        if key == "Fn::ImportValue":
            name = self.resolve(argument)
            if name not in self.deployment.imports:
                raise RenderError(f"Fn::ImportValue {name} has no value in the deployment")
            return self.deployment.imports[name]
        raise RenderError(f"intrinsic {key} is not supported by tests/templates/intrinsics.py")
