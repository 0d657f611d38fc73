"""Create, Update and Delete of ``Custom::BackupRegionSettings``: what to send, and when.

Each request reads the Region's settings first and sends only the keys that differ, in one
``UpdateRegionSettings`` call, so a request either changes what it must or nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from backup_region_settings.backup_api import describe_region_settings, update_region_settings
from backup_region_settings.errors import PropertyError, RegionSettingsError
from backup_region_settings.request import check_known, desired_settings
from backup_region_settings.settings import Settings
from backup_region_settings.snapshot import decode, encode

__all__ = ["create", "delete", "update"]

logger = logging.getLogger(__name__)


def _apply(client: Any, target: Settings) -> Settings:
    current = describe_region_settings(client)
    change = target.differing_from(current)
    update_region_settings(client, change)
    logger.info(
        "Region settings applied",
        extra={
            "opt_in_changed": sorted(change.opt_in),
            "management_changed": sorted(change.management),
        },
    )
    return change


def create(client: Any, region: str, properties: Mapping[str, Any]) -> str:
    """Record the Region's settings in the new id, then set what ``properties`` ask for."""
    wanted = desired_settings(properties)
    before = describe_region_settings(client)
    check_known(wanted, before)
    physical_id = encode(region, before)
    _apply(client, wanted)
    return physical_id


def _snapshot(physical_id: str) -> Settings:
    decoded = decode(physical_id)
    if decoded is None:
        raise RegionSettingsError(f"PhysicalResourceId {physical_id[:60]!r} was not made here")
    return decoded[1]


def update(
    client: Any, physical_id: str, properties: Mapping[str, Any], old: Mapping[str, Any]
) -> str:
    """Set the new preferences; types no longer managed go back to their value before Create.

    The id is kept, so CloudFormation never sends a Delete that would undo this update.
    """
    before = _snapshot(physical_id)
    wanted = desired_settings(properties)
    check_known(wanted, describe_region_settings(client))
    try:
        old_wanted = desired_settings(old)
    except PropertyError:  # the old properties were applied, so they parsed; be safe anyway
        old_wanted = Settings()
    released = before.only(
        old_wanted.opt_in.keys() - wanted.opt_in.keys(),
        old_wanted.management.keys() - wanted.management.keys(),
    )
    _apply(client, released.overlaid(wanted))
    return physical_id


def delete(client: Any, physical_id: str, properties: Mapping[str, Any]) -> None:
    """Put back, for the types this resource manages, the values recorded at Create.

    An id this function did not make (a Create that failed before setting one) changed
    nothing, so there is nothing to put back.
    """
    decoded = decode(physical_id)
    if decoded is None:
        logger.info("Nothing to restore: the id was not made by a successful Create")
        return
    wanted = desired_settings(properties)
    _apply(client, decoded[1].only(wanted.opt_in.keys(), wanted.management.keys()))
