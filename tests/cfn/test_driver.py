"""The driver's CloudFormation sequences, run against real crhelper handlers."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import boto3
import pytest

from rehearsal.cfn import (
    CfnDriver,
    DriverConfig,
    DriverFactory,
    DriverStateError,
)
from tests.cfn import handlers

FAST = DriverConfig(grace_s=0.1)


def test_create_update_delete_with_a_well_behaved_handler(cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handlers.well_behaved(), FAST)

    created = driver.create({"PolicyName": "Daily"})
    updated = driver.update({"PolicyName": "Daily", "PolicyDescription": "nightly"})
    deleted = driver.delete()

    assert created.sequence == (("request", "Create", "SUCCESS"),)
    assert created.physical_resource_id == "p-daily"
    assert created.request.data == {"PolicyName": "Daily"}
    assert updated.sequence == (("request", "Update", "SUCCESS"),)
    assert not updated.replaced
    assert deleted.sequence == (("request", "Delete", "SUCCESS"),)
    assert deleted.request.event["PhysicalResourceId"] == "p-daily"
    assert driver.physical_resource_id is None
    assert [done.request_type for done in driver.log] == ["Create", "Update", "Delete"]


def test_replacing_update_is_followed_by_a_cleanup_delete_of_the_old_id(
    cfn_driver: DriverFactory,
) -> None:
    driver = cfn_driver(handlers.well_behaved(), FAST)
    driver.create({"PolicyName": "Daily"})

    updated = driver.update({"PolicyName": "Weekly"})

    assert updated.replaced
    assert updated.sequence == (("request", "Update", "SUCCESS"), ("cleanup", "Delete", "SUCCESS"))
    cleanup = updated.follow_ups[0].event
    assert cleanup["PhysicalResourceId"] == "p-daily"
    assert cleanup["ResourceProperties"]["PolicyName"] == "Daily"
    assert driver.physical_resource_id == updated.physical_resource_id == "p-weekly"


def test_failed_create_is_followed_by_delete_of_the_returned_id(cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handlers.fails_create(), FAST)

    created = driver.create({"PolicyName": "Daily"})

    assert created.sequence == (
        ("request", "Create", "FAILED"),
        ("delete-after-failed-create", "Delete", "SUCCESS"),
    )
    assert created.reason == "PolicyContent: plans is required"
    # crhelper invents an id when Create fails before returning one; Delete gets that id.
    invented = created.request.physical_resource_id
    assert invented.startswith(f"{driver.config.stack_name}_{driver.config.logical_resource_id}_")
    assert created.follow_ups[0].event["PhysicalResourceId"] == invented
    assert driver.physical_resource_id is None


def test_failed_update_is_rolled_back_with_the_old_properties(cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handlers.fails_update_when("Break"), FAST)
    driver.create({"PolicyName": "Daily"})
    before = driver.properties

    updated = driver.update({"PolicyName": "Daily", "Break": "yes"})

    assert updated.sequence == (("request", "Update", "FAILED"), ("rollback", "Update", "SUCCESS"))
    assert updated.reason == "Break: refused"
    rollback = updated.follow_ups[0].event
    assert rollback["ResourceProperties"] == before
    assert rollback["OldResourceProperties"] == updated.request.event["ResourceProperties"]
    assert rollback["PhysicalResourceId"] == "p-daily"
    assert driver.properties == before


def test_events_sent_have_cloudformations_shape(cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handlers.well_behaved(), FAST)
    driver.create({"PolicyName": "Daily", "Days": 35, "Enabled": True})
    driver.update({"PolicyName": "Daily", "Days": 7})

    create, update = (done.event for done in driver.log)
    assert re.fullmatch(
        r"arn:aws:cloudformation:us-east-1:123456789012:stack/org-backup-rehearsal/[0-9a-f-]{36}",
        create["StackId"],
    )
    assert str(uuid.UUID(create["RequestId"])) == create["RequestId"] != update["RequestId"]
    assert create["ResourceType"] == "Custom::BackupOrgPolicy"
    assert urlsplit(create["ResponseURL"]).hostname == "127.0.0.1"
    assert "X-Amz-Signature=" in urlsplit(create["ResponseURL"]).query
    assert create["ResourceProperties"] == {
        "ServiceToken": create["ServiceToken"],
        "PolicyName": "Daily",
        "Days": "35",
        "Enabled": "true",
    }
    assert "PhysicalResourceId" not in create
    assert update["PhysicalResourceId"] == "p-daily"
    assert update["OldResourceProperties"] == create["ResourceProperties"]
    assert driver.log[0].summary() == "request                    Create SUCCESS p-daily"


def test_operations_out_of_order_are_refused(cfn_driver: DriverFactory) -> None:
    with pytest.raises(DriverStateError, match="not open"):
        CfnDriver(handlers.answers_nothing).create({"PolicyName": "Daily"})
    driver = cfn_driver(handlers.well_behaved(), FAST)

    with pytest.raises(DriverStateError, match="create the resource first"):
        driver.update({"PolicyName": "Daily"})
    driver.create({"PolicyName": "Daily"})
    with pytest.raises(DriverStateError, match="delete it first"):
        driver.create({"PolicyName": "Daily"})


def test_a_handler_calling_aws_runs_against_the_in_process_emulator(
    aws: None, cfn_driver: DriverFactory
) -> None:
    driver = cfn_driver(handlers.manages_vault(), FAST)
    backup = boto3.client("backup")

    created = driver.create({"VaultName": "central"})
    assert created.physical_resource_id is not None
    assert created.physical_resource_id.endswith(":backup-vault:central")
    assert [v["BackupVaultName"] for v in backup.list_backup_vaults()["BackupVaultList"]] == [
        "central"
    ]
    assert driver.delete().succeeded
    assert backup.list_backup_vaults()["BackupVaultList"] == []
