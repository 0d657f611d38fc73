"""The physical resource id: the Region and its settings before the first Create, encoded.

Delete must put back what was there before, and CloudFormation hands a custom resource only
its id and properties, so the id carries that snapshot. It never changes on Update (a new id
would make CloudFormation delete the old one, restoring the old values over the new).
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from backup_region_settings.errors import RegionSettingsError
from backup_region_settings.settings import Settings

__all__ = ["MAX_ID_BYTES", "PREFIX", "decode", "encode"]

PREFIX = "backup-region-settings"
MAX_ID_BYTES = 1024  # CloudFormation's limit on a PhysicalResourceId


def _pairs(values: dict[str, bool]) -> str:
    return ",".join(
        f"{quote(name, safe='')}={int(value)}" for name, value in sorted(values.items())
    )


def encode(region: str, before: Settings) -> str:
    """The id for a resource created in ``region`` over the settings ``before``.

    Raises
    ------
    RegionSettingsError
        The id would exceed CloudFormation's 1,024 bytes (checked before anything changes).
    """
    text = f"{PREFIX}:{region}:{_pairs(dict(before.opt_in))};{_pairs(dict(before.management))}"
    if len(text.encode()) > MAX_ID_BYTES:
        raise RegionSettingsError(
            f"the Region's settings need {len(text.encode())} bytes to record, over the "
            f"{MAX_ID_BYTES}-byte PhysicalResourceId limit"
        )
    return text


def _parse_pairs(text: str) -> dict[str, bool] | None:
    values: dict[str, bool] = {}
    for item in filter(None, text.split(",")):
        name, sep, flag = item.partition("=")
        if not sep or flag not in ("0", "1"):
            return None
        values[unquote(name)] = flag == "1"
    return values


def decode(physical_id: str) -> tuple[str, Settings] | None:
    """``(region, settings before)`` from an id ``encode`` made; None for any other id.

    Other ids come from a Create that failed before it set one (crhelper invents one).
    """
    prefix, _, rest = physical_id.partition(":")
    region, _, body = rest.partition(":")
    opt_in_text, sep, management_text = body.partition(";")
    if prefix != PREFIX or not region or not sep:
        return None
    opt_in, management = _parse_pairs(opt_in_text), _parse_pairs(management_text)
    if opt_in is None or management is None:
        return None
    return region, Settings(opt_in, management)
