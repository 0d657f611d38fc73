"""Completing an event into a RestoreJob: no call when the event says it all,
DescribeRestoreJob for gaps, DescribeRecoveryPoint when the job answer lacks the source.

The backup client is a botocore ``Stubber``: it fails on any call not listed here, which
is how "no call" and "exactly these calls" are checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import boto3
import pytest
from botocore.stub import Stubber

from tag_on_restore.errors import RestoreJobIncompleteError
from tag_on_restore.event import RestoreEvent
from tag_on_restore.restore_job import RestoreJob, from_listing, resolve

VAULT = "arn:aws:backup:eu-west-1:123456789012:backup-vault:Default"
POINT = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/backup/0171-a1"
SOURCE = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
CREATED = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders-restored"
FULL = RestoreEvent("JOB-1", "DynamoDB", CREATED, SOURCE, POINT, VAULT)
JOB = RestoreJob("JOB-1", "DynamoDB", CREATED, SOURCE, POINT)


@pytest.fixture
def backup() -> Iterator[Stubber]:
    stubber = Stubber(boto3.client("backup", region_name="eu-west-1"))
    with stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def test_complete_event_needs_no_call(backup: Stubber) -> None:
    assert resolve(FULL, backup.client) == JOB


def test_missing_source_comes_from_describe_restore_job(backup: Stubber) -> None:
    backup.add_response(
        "describe_restore_job",
        {"RestoreJobId": "JOB-1", "SourceResourceArn": SOURCE, "BackupVaultArn": VAULT},
        {"RestoreJobId": "JOB-1"},
    )

    assert resolve(replace(FULL, source_resource_arn=None), backup.client) == JOB


def test_old_api_answer_falls_back_to_describe_recovery_point(backup: Stubber) -> None:
    """An older SDK's DescribeRestoreJob has no SourceResourceArn or ResourceType."""
    event = RestoreEvent("JOB-1", None, CREATED, None, POINT, None)
    backup.add_response(
        "describe_restore_job",
        {"RestoreJobId": "JOB-1", "CreatedResourceArn": CREATED, "BackupVaultArn": VAULT},
        {"RestoreJobId": "JOB-1"},
    )
    backup.add_response(
        "describe_recovery_point",
        {"RecoveryPointArn": POINT, "ResourceArn": SOURCE, "ResourceType": "DynamoDB"},
        {"BackupVaultName": "Default", "RecoveryPointArn": POINT},
    )

    assert resolve(event, backup.client) == JOB


def test_no_created_resource_anywhere_is_an_error_naming_it(backup: Stubber) -> None:
    backup.add_response("describe_restore_job", {"RestoreJobId": "JOB-1"})

    with pytest.raises(RestoreJobIncompleteError, match="createdResourceArn, resourceType"):
        resolve(RestoreEvent("JOB-1"), backup.client)


def test_listing_entry_with_everything_needs_no_call(backup: Stubber) -> None:
    entry = {
        "RestoreJobId": "JOB-1",
        "ResourceType": "DynamoDB",
        "CreatedResourceArn": CREATED,
        "SourceResourceArn": SOURCE,
        "RecoveryPointArn": POINT,
        "BackupVaultArn": VAULT,
    }

    assert from_listing(entry, backup.client) == JOB
