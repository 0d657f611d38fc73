"""The shape every resource model of this package shares, on top of moto's CloudFormationModel.

A model subclasses ``EmulatedResource`` and ``CloudFormationModel`` directly (moto finds models
through ``CloudFormationModel.__subclasses__()``, which lists direct subclasses only) and fills in
``create``, ``update`` and ``delete`` with calls to moto's backends. Replacement versus update
in place follows the registry schema's ``createOnlyProperties``, as CloudFormation does:
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

from rehearsal.emulator.cloudformation import schemas
from rehearsal.emulator.cloudformation.errors import ResourceFailedError

__all__ = ["EmulatedResource", "json_text"]


def json_text(document: Any) -> str:
    """A policy document as the JSON text the service APIs return (templates may give either)."""
    return document if isinstance(document, str) else json.dumps(document)


class EmulatedResource:
    """One resource created by a stack: its physical id, ``Fn::GetAtt`` values and properties."""

    TYPE: ClassVar[str]
    NAME_PROPERTY: ClassVar[str] = ""

    def __init__(
        self,
        physical_id: str,
        attributes: dict[str, Any],
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        self.physical_id = physical_id
        self.attributes = attributes
        self.properties = properties
        self.account_id = account_id
        self.region_name = region_name

    # moto's model interface ------------------------------------------------------------
    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.TYPE

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.NAME_PROPERTY

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in schemas.attributes(cls.TYPE) or attr in cls.extra_attributes()

    @classmethod
    def extra_attributes(cls) -> frozenset[str]:
        """Attributes ``Fn::GetAtt`` returns that the schema lists as properties (e.g. names)."""
        return frozenset()

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name not in self.attributes:
            raise UnformattedGetAttTemplateException()
        return self.attributes[attribute_name]

    @property
    def physical_resource_id(self) -> str:
        return self.physical_id

    def is_created(self) -> bool:
        return True

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> EmulatedResource:
        properties = cloudformation_json.get("Properties") or {}
        return cls.create(resource_name, properties, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: EmulatedResource,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> EmulatedResource:
        properties = cloudformation_json.get("Properties") or {}
        old = original_resource.properties
        replaced = sorted(
            name
            for name in schemas.create_only_properties(cls.TYPE)
            if old.get(name) != properties.get(name)
        )
        if not replaced:
            original_resource.update(properties)
            original_resource.properties = properties
            return original_resource
        name = properties.get(cls.NAME_PROPERTY) if cls.NAME_PROPERTY else None
        if name is not None and name == old.get(cls.NAME_PROPERTY):
            raise ResourceFailedError(
                new_resource_name,
                cls.TYPE,
                "CloudFormation cannot update a stack when a custom-named resource requires "
                f"replacing. Rename {name} and update the stack again.",
            )
        replacement = cls.create(new_resource_name, properties, account_id, region_name)
        original_resource.delete(account_id, region_name)
        return replacement

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        # Only reached when ``delete`` raised TypeError/AttributeError (a bug): say so.
        raise ResourceFailedError(resource_name, cls.TYPE, "the emulator could not delete it")

    # what each model implements -------------------------------------------------------
    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> EmulatedResource:
        """Create the resource through moto's backends; ``name`` is given or generated."""
        raise NotImplementedError

    def update(self, properties: dict[str, Any]) -> None:
        """Apply changed properties in place (no create-only property changed)."""
        raise NotImplementedError

    def delete(self, account_id: str, region_name: str) -> None:
        """Delete the resource; an error fails the stack's delete or rollback."""
        raise NotImplementedError
