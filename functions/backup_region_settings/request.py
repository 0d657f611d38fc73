"""Read the custom resource's properties into the ``Settings`` it asks for, or say which is wrong.

CloudFormation passes lists as lists or comma-separated strings, and drops nothing: an empty
``CommaDelimitedList`` parameter arrives as ``[""]``, so blank entries are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backup_region_settings.errors import PropertyError
from backup_region_settings.settings import Settings

__all__ = ["FIELDS", "check_known", "desired_settings"]

# Property name -> (which map, the value it sets).
FIELDS: dict[str, tuple[str, bool]] = {
    "OptInResourceTypes": ("opt_in", True),
    "OptOutResourceTypes": ("opt_in", False),
    "FullyManagedResourceTypes": ("management", True),
    "NotFullyManagedResourceTypes": ("management", False),
}
_IGNORED = frozenset({"ServiceToken", "ServiceTimeout"})


def _names(field: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PropertyError(field, "expected a list of resource type names or a comma string")
    return [item.strip() for item in value if item.strip()]


def desired_settings(properties: Mapping[str, Any]) -> Settings:
    """The preferences ``properties`` ask for.

    Raises
    ------
    PropertyError
        An unknown property, a value that is not a list of names, a type named twice with
        opposite values, or no type named at all.
    """
    unknown = sorted(set(properties) - set(FIELDS) - _IGNORED)
    if unknown:
        raise PropertyError(unknown[0], f"unknown property; expected one of {sorted(FIELDS)}")
    maps: dict[str, dict[str, bool]] = {"opt_in": {}, "management": {}}
    named_by: dict[tuple[str, str], str] = {}
    for field, (target, value) in FIELDS.items():
        for name in _names(field, properties.get(field, [])):
            other = named_by.setdefault((target, name), field)
            if other != field:
                raise PropertyError(field, f"{name!r} is also listed in {other}")
            maps[target][name] = value
    wanted = Settings(maps["opt_in"], maps["management"])
    if not wanted:
        raise PropertyError("OptInResourceTypes", f"name at least one type in {sorted(FIELDS)}")
    return wanted


def check_known(wanted: Settings, region: Settings) -> None:
    """Refuse a type the Region's own settings do not list (AWS would, after a round trip).

    Raises
    ------
    PropertyError
        Naming the first property that lists an unknown type.
    """
    for field, (target, value) in FIELDS.items():
        asked = wanted.opt_in if target == "opt_in" else wanted.management
        known = region.opt_in if target == "opt_in" else region.management
        unknown = sorted(name for name, v in asked.items() if v is value and name not in known)
        if unknown:
            raise PropertyError(
                field, f"{unknown} not supported in this Region (see DescribeRegionSettings)"
            )
