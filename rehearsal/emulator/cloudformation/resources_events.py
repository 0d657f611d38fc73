"""``AWS::Events::EventBus`` with its ``Policy``: moto's own model drops the policy and the
description, so a bus created by a stack would admit nobody from another account.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbus.html
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.events.models import events_backends

from rehearsal.emulator.cloudformation.errors import ResourceFailedError
from rehearsal.emulator.cloudformation.resources_base import EmulatedResource

__all__ = ["EventBusResource"]


class EventBusResource(EmulatedResource, CloudFormationModel):
    """An event bus: Ref is its name; ``Arn`` and ``Name`` attributes; the policy replaces the
    bus's resource policy on create and update (statements need a ``Sid``, as AWS requires)."""

    TYPE = "AWS::Events::EventBus"
    NAME_PROPERTY = "Name"

    @classmethod
    def extra_attributes(cls) -> frozenset[str]:
        return frozenset({"Name"})

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> EventBusResource:
        bus_name = properties.get("Name") or name
        bus = events_backends[account_id][region_name].create_event_bus(
            name=bus_name, description=properties.get("Description")
        )
        resource = cls(bus_name, {"Arn": bus.arn, "Name": bus_name}, {}, account_id, region_name)
        resource.update(properties)
        return resource

    def update(self, properties: dict[str, Any]) -> None:
        bus = events_backends[self.account_id][self.region_name].describe_event_bus(
            self.physical_id
        )
        bus.description = properties.get("Description")
        bus.remove_statements()
        policy = properties.get("Policy")
        if policy:
            document = json.loads(policy) if isinstance(policy, str) else policy
            if any("Sid" not in statement for statement in document.get("Statement", [])):
                raise ResourceFailedError(
                    self.physical_id, self.TYPE, "Policy: every statement needs a Sid"
                )
            bus.add_policy(document)
        self.properties = properties

    def delete(self, account_id: str, region_name: str) -> None:
        events_backends[account_id][region_name].delete_event_bus(self.physical_id)
