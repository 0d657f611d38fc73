"""``resource``: Create, Update and Delete against the emulator, checked by the Region's state."""

from __future__ import annotations

from typing import Any

import pytest

from backup_region_settings import resource
from backup_region_settings.errors import BackupApiError, PropertyError, RegionSettingsError
from rehearsal.emulator.backup_region_settings import DEFAULT_MANAGEMENT, DEFAULT_OPT_IN
from rehearsal.emulator.faults import Fault, injected
from tests.unit.backup_region_settings.conftest import region_settings

DEFAULTS = {"opt_in": DEFAULT_OPT_IN, "management": DEFAULT_MANAGEMENT}
PROPS = {"OptInResourceTypes": ["S3", "Timestream"], "FullyManagedResourceTypes": ["DynamoDB"]}


def test_create_sets_and_delete_restores(backup: Any) -> None:
    physical_id = resource.create(backup, "us-east-1", PROPS)
    assert physical_id.startswith("backup-region-settings:us-east-1:")
    after = region_settings(backup)
    assert (after["opt_in"]["S3"], after["opt_in"]["Timestream"]) == (True, True)
    assert after["management"]["DynamoDB"] is True
    resource.delete(backup, physical_id, PROPS)
    assert region_settings(backup) == DEFAULTS


def test_delete_restores_only_what_the_resource_manages(backup: Any) -> None:
    physical_id = resource.create(backup, "us-east-1", PROPS)
    # Someone else opts Redshift in meanwhile; deleting our resource must not undo that.
    backup.update_region_settings(ResourceTypeOptInPreference={"Redshift": True})
    resource.delete(backup, physical_id, PROPS)
    assert region_settings(backup)["opt_in"] == {**DEFAULT_OPT_IN, "Redshift": True}


def test_update_releases_dropped_types_and_keeps_the_id(backup: Any) -> None:
    physical_id = resource.create(backup, "us-east-1", PROPS)
    new = {"OptInResourceTypes": "S3,Redshift", "OptOutResourceTypes": "VirtualMachine"}
    assert resource.update(backup, physical_id, new, PROPS) == physical_id
    assert region_settings(backup) == {
        # Timestream and DynamoDB management are no longer managed: back to their old values.
        "opt_in": {**DEFAULT_OPT_IN, "S3": True, "Redshift": True, "VirtualMachine": False},
        "management": DEFAULT_MANAGEMENT,
    }
    resource.delete(backup, physical_id, new)
    assert region_settings(backup) == DEFAULTS


def test_bad_properties_change_nothing(backup: Any) -> None:
    with pytest.raises(PropertyError, match=r"^OptInResourceTypes: \['Tape'\] not supported"):
        resource.create(backup, "us-east-1", {"OptInResourceTypes": ["S3", "Tape"]})
    physical_id = resource.create(backup, "us-east-1", PROPS)
    with pytest.raises(PropertyError, match=r"^FullyManagedResourceTypes: "):
        resource.update(backup, physical_id, {"FullyManagedResourceTypes": "RDS"}, PROPS)
    assert region_settings(backup)["opt_in"]["S3"] is True
    assert region_settings(backup)["management"]["DynamoDB"] is True


def test_delete_of_a_foreign_id_changes_nothing(backup: Any) -> None:
    backup.update_region_settings(ResourceTypeOptInPreference={"S3": True})
    resource.delete(backup, "stack-Resource-ABCDEF", {"OptInResourceTypes": "S3"})
    assert region_settings(backup)["opt_in"]["S3"] is True


def test_update_of_a_foreign_id_is_refused(backup: Any) -> None:
    with pytest.raises(RegionSettingsError, match="was not made here"):
        resource.update(backup, "stack-Resource-ABCDEF", PROPS, PROPS)
    assert region_settings(backup) == DEFAULTS


def test_a_refused_update_call_is_reported_and_changes_nothing(backup: Any) -> None:
    """Fault injection: AccessDeniedException on UpdateRegionSettings (not retryable)."""
    fault = Fault("backup", frozenset({"UpdateRegionSettings"}), "AccessDeniedException")
    with injected(fault) as faults:
        with pytest.raises(BackupApiError) as raised:
            resource.create(backup, "us-east-1", PROPS)
        assert faults.count("backup", "UpdateRegionSettings") == 1
    assert str(raised.value).startswith("UpdateRegionSettings failed: AccessDeniedException")
    assert region_settings(backup) == DEFAULTS


def test_a_refused_describe_is_reported(backup: Any) -> None:
    fault = Fault("backup", frozenset({"DescribeRegionSettings"}), "AccessDeniedException")
    with injected(fault), pytest.raises(BackupApiError, match=r"^DescribeRegionSettings failed"):
        resource.create(backup, "us-east-1", PROPS)
    assert region_settings(backup) == DEFAULTS
