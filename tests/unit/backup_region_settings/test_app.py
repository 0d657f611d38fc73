"""``app.handler`` driven as CloudFormation would (``rehearsal.cfn`` driver) against the emulator.

The driver receives crhelper's HTTPS response and checks the protocol; the Region's settings
are read back after every operation, so each test checks the final state, not only the status.
"""

from __future__ import annotations

from typing import Any

import pytest

from backup_region_settings.app import handler
from rehearsal.cfn import DriverConfig, DriverFactory
from rehearsal.emulator.backup_region_settings import DEFAULT_MANAGEMENT, DEFAULT_OPT_IN
from rehearsal.emulator.faults import Fault, injected
from tests.unit.backup_region_settings.conftest import region_settings

CONFIG = DriverConfig(
    logical_resource_id="BackupRegionSettings",
    resource_type="Custom::BackupRegionSettings",
    function_name="backup-region-settings",
    timeout_s=60.0,
)
DEFAULTS = {"opt_in": DEFAULT_OPT_IN, "management": DEFAULT_MANAGEMENT}
PROPS = {
    "OptInResourceTypes": ["S3", "Storage Gateway"],
    "OptOutResourceTypes": [
        ""
    ],  # an empty CommaDelimitedList parameter, as CloudFormation sends it
    "FullyManagedResourceTypes": ["DynamoDB", "EFS"],
}


def test_create_update_delete(backup: Any, cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handler, CONFIG)
    created = driver.create(PROPS)
    assert created.succeeded, created.reason
    assert region_settings(backup)["opt_in"]["S3"] is True
    assert region_settings(backup)["management"]["DynamoDB"] is True

    updated = driver.update({**PROPS, "OptInResourceTypes": "S3,Redshift"})
    assert updated.sequence == (("request", "Update", "SUCCESS"),)
    assert updated.physical_resource_id == created.physical_resource_id
    assert region_settings(backup)["opt_in"]["Redshift"] is True

    deleted = driver.delete()
    assert deleted.succeeded, deleted.reason
    assert region_settings(backup) == DEFAULTS


def test_bad_create_fails_naming_the_field_and_changes_nothing(
    backup: Any, cfn_driver: DriverFactory
) -> None:
    outcome = cfn_driver(handler, CONFIG).create({"OptInResourceTypes": ["S3", "Tape"]})
    assert outcome.sequence == (
        ("request", "Create", "FAILED"),
        ("delete-after-failed-create", "Delete", "SUCCESS"),
    )
    assert outcome.reason.startswith("OptInResourceTypes: ['Tape'] not supported")
    assert region_settings(backup) == DEFAULTS


def test_bad_update_fails_and_rollback_restores(backup: Any, cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handler, CONFIG)
    assert driver.create(PROPS).succeeded
    outcome = driver.update({**PROPS, "OptOutResourceTypes": "S3"})
    assert outcome.sequence == (
        ("request", "Update", "FAILED"),
        ("rollback", "Update", "SUCCESS"),
    )
    assert outcome.reason.startswith("OptOutResourceTypes: 'S3' is also listed in")
    assert region_settings(backup)["opt_in"]["S3"] is True
    assert driver.delete().succeeded
    assert region_settings(backup) == DEFAULTS


def test_throttling_is_retried(backup: Any, cfn_driver: DriverFactory) -> None:
    """Fault injection: two ThrottlingExceptions on UpdateRegionSettings, then success."""
    fault = Fault("backup", frozenset({"UpdateRegionSettings"}), "ThrottlingException", times=2)
    with injected(fault) as faults:
        outcome = cfn_driver(handler, CONFIG).create(PROPS)
        assert faults.count("backup", "UpdateRegionSettings") == 2
    assert outcome.succeeded, outcome.reason
    assert region_settings(backup)["opt_in"]["Storage Gateway"] is True
    assert region_settings(backup)["opt_in"]["S3"] is True


@pytest.mark.parametrize("operation", ["DescribeRegionSettings", "UpdateRegionSettings"])
def test_access_denied_fails_with_the_operation_named(
    backup: Any, cfn_driver: DriverFactory, operation: str
) -> None:
    fault = Fault("backup", frozenset({operation}), "AccessDeniedException", times=1)
    with injected(fault):
        outcome = cfn_driver(handler, CONFIG).create(PROPS)
    assert not outcome.succeeded
    assert outcome.reason.startswith(f"{operation} failed: AccessDeniedException")
    assert region_settings(backup) == DEFAULTS
