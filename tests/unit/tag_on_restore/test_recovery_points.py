"""Where the tags of a gone source are read, per resource type: the recovery point AWS keeps.

Recovery point ARNs come from the real-shaped events in ``tests/events/restore/``. Fully managed
types (and DynamoDB with advanced backup) are AWS Backup's own; the others are the service's
snapshot or image, read with the service's own call; a DynamoDB backup keeps no tags.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from tag_on_restore.recovery_points import RECOVERY_POINTS, point_kind, read_point_tags
from tests.events import load_event

ADVANCED_DYNAMODB = "arn:aws:backup:eu-west-1:123456789012:recovery-point:0f1e2d3c-4b5a-6978"
# ResourceType (event file) -> the IAM action that reads its recovery point's tags (None: no
# tags are kept there).
WHERE: dict[str, str | None] = {
    "ebs": "ec2:DescribeSnapshots",
    "ec2": "ec2:DescribeImages",
    "rds": "rds:ListTagsForResource",
    "aurora": "rds:ListTagsForResource",
    "documentdb": "rds:ListTagsForResource",
    "neptune": "rds:ListTagsForResource",
    "redshift": "redshift:DescribeTags",
    "fsx": "fsx:ListTagsForResource",
    "storage-gateway": "ec2:DescribeSnapshots",  # its recovery points are EBS snapshots
    "dynamodb": None,  # without advanced DynamoDB backup
    "efs": "backup:ListTags",
    "s3": "backup:ListTags",
    "timestream": "backup:ListTags",
}


def _point(name: str) -> str:
    return str(load_event(f"restore/completed-{name}")["detail"]["recoveryPointArn"])


@pytest.mark.parametrize(("name", "action"), WHERE.items(), ids=list(WHERE))
def test_each_type_is_read_where_aws_keeps_its_tags(name: str, action: str | None) -> None:
    reader = RECOVERY_POINTS[point_kind(_point(name))]

    assert (reader.iam_actions if reader else None) == ((action,) if action else None)


def test_advanced_dynamodb_backups_are_asked_of_aws_backup() -> None:
    reader = RECOVERY_POINTS[point_kind(ADVANCED_DYNAMODB)]

    assert reader is not None
    assert reader.iam_actions == ("backup:ListTags",)


@pytest.fixture
def ec2() -> Iterator[Stubber]:
    stubber = Stubber(boto3.client("ec2", region_name="eu-west-1"))
    with stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _one(stubber: Stubber) -> Any:
    return lambda service: stubber.client


def test_a_deleted_snapshot_means_no_tags(ec2: Stubber) -> None:
    """Stubber: DescribeSnapshots answers InvalidSnapshot.NotFound once the point is deleted."""
    ec2.add_client_error("describe_snapshots", "InvalidSnapshot.NotFound")

    assert read_point_tags(_one(ec2), _point("ebs")) is None


@pytest.mark.parametrize("code", ["UnauthorizedOperation", "RequestLimitExceeded"])
def test_a_refused_or_throttled_snapshot_read_raises(ec2: Stubber, code: str) -> None:
    """Stubber: the role lacking ec2:DescribeSnapshots is a real failure, retried."""
    ec2.add_client_error("describe_snapshots", code)

    with pytest.raises(ClientError, match=code):
        read_point_tags(_one(ec2), _point("ebs"))


def test_a_dynamodb_backup_is_not_asked(ec2: Stubber) -> None:
    """No stubbed answer: any call would fail the test."""
    assert read_point_tags(_one(ec2), _point("dynamodb")) is None
