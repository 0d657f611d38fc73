"""One rendered deployment with each resource's ARNs, and the ARNs a resource's handlers act
on: its own, those of the resources it references, and the ARNs its properties give."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.templates import physical
from tests.templates.deployments import Deployment
from tests.templates.intrinsics import rendered
from tests.templates.loader import load_path, references

__all__ = ["Stack"]


def _fake_uuid(logical_id: str) -> str:
    """Keys share one placeholder id in ``physical``; give each its own."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, logical_id))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)


@dataclass
class Stack:
    """One rendered deployment with each resource's ARNs (own and referenced)."""

    deployment: Deployment
    raw: dict[str, Any]
    resources: dict[str, Any]
    arns: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, deployment: Deployment) -> Stack:
        stack = cls(deployment, load_path(deployment.template), rendered(deployment)["Resources"])
        for logical_id in stack.resources:
            stack.arns[logical_id] = stack._own_arns(logical_id)
        return stack

    @property
    def place(self) -> physical.Place:
        d = self.deployment
        return physical.Place(d.stack_name, d.account_id, d.region)

    def name(self, logical_id: str) -> str:
        resource = self.resources[logical_id]
        return physical.physical_name(
            resource["Type"], logical_id, resource.get("Properties", {}), self.place
        )

    def _own_arns(self, logical_id: str) -> list[str]:
        resource = self.resources[logical_id]
        kind, properties = resource["Type"], resource.get("Properties", {})
        d = self.deployment
        if kind == "AWS::KMS::Alias":
            return [f"arn:aws:kms:{d.region}:{d.account_id}:{properties['AliasName']}"]
        if kind == "AWS::CloudFormation::StackSet":
            name = properties["StackSetName"]
            return [
                f"arn:aws:cloudformation:{d.region}:{d.account_id}:stackset/{name}:{_fake_uuid(name)}"
            ]
        info = physical.TYPES.get(kind)
        if info is None:
            return []
        for attribute in ("Arn", "BackupVaultArn", "TopicArn"):
            if attribute in info.attributes:
                arn = physical.attribute(kind, attribute, self.name(logical_id), self.place)
                return [arn.replace(physical._UUID, _fake_uuid(logical_id)).removesuffix(":*")]
        return []

    def targets(self, logical_id: str) -> list[str]:
        """ARNs a handler of the resource may act on: its own, those of the resources it
        references, and ARNs it is given as values."""
        raw = self.raw["Resources"][logical_id].get("Properties", {})
        found = list(self.arns[logical_id])
        for name in sorted(references(raw)):
            found.extend(self.arns.get(name, []))
        found.extend(
            a
            for a in _strings(self.resources[logical_id].get("Properties", {}))
            if a.startswith("arn:")
        )
        return [a for a in dict.fromkeys(found) if physical._UUID not in a]

    def aliases(self, key_arn: str) -> tuple[str, ...]:
        """``kms:ResourceAliases`` of a key: the aliases the stack points at it."""
        names = []
        for logical_id, resource in self.resources.items():
            if resource["Type"] != "AWS::KMS::Alias":
                continue
            raw = self.raw["Resources"][logical_id].get("Properties", {})
            if any(key_arn in self.arns.get(ref, []) for ref in references(raw.get("TargetKeyId"))):
                names.append(resource["Properties"]["AliasName"])
        return tuple(names)

    def retained(self, logical_id: str) -> bool:
        resource = self.resources[logical_id]
        return bool(
            resource.get("DeletionPolicy") == "Retain"
            and resource.get("UpdateReplacePolicy") == "Retain"
        )

    def referenced(self, logical_id: str, prop: str) -> str | None:
        """The one resource a property refers to (Ref, GetAtt or Sub), if it is in the stack."""
        raw = self.raw["Resources"][logical_id].get("Properties", {}).get(prop)
        found = sorted(references(raw) & set(self.resources))
        return found[0] if len(found) == 1 else None

    @property
    def stack_arn(self) -> str:
        d = self.deployment
        stack = f"stack/{d.stack_name}/{_fake_uuid(d.stack_name)}"
        return f"arn:aws:cloudformation:{d.region}:{d.account_id}:{stack}"
