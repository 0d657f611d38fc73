"""Where AWS keeps a recovery point's tags, keyed by the recovery point ARN's service and type.

For the types AWS Backup fully manages the recovery point is AWS Backup's own
(``arn:aws:backup:...:recovery-point:...``) and ``backup:ListTags`` serves its tags. For the
others it is the service's own snapshot or image (an EBS snapshot, an AMI, an RDS or Redshift
snapshot, an FSx backup), which carries the source's tags of backup time plus the recovery point
tags, and ``backup:ListTags`` does not serve it: the service's own call does.
https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-resource
https://docs.aws.amazon.com/aws-backup/latest/devguide/tags-on-backups.html
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from botocore.exceptions import ClientError

from tag_on_restore.adapters.base import Client, resource_id, tag_dict
from tag_on_restore.clients import ClientFactory

__all__ = ["RECOVERY_POINTS", "PointReader", "iam_actions", "point_kind", "read_point_tags"]

logger = logging.getLogger(__name__)

_THROTTLED = frozenset(
    {"Throttling", "ThrottlingException", "TooManyRequestsException", "ServiceUnavailable"}
)


@dataclass(frozen=True, slots=True)
class PointReader:
    """How to read the tags of one kind of recovery point: the boto3 client, the call, the
    IAM actions it needs and the error codes that mean the recovery point is gone."""

    service: str
    read: Callable[[Client, str], dict[str, str]]
    iam_actions: tuple[str, ...]
    gone: frozenset[str]


def _backup_tags(backup: Client, arn: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    params = {"ResourceArn": arn}
    while True:
        page = backup.list_tags(**params)
        tags |= page.get("Tags") or {}
        if not page.get("NextToken"):
            return tags
        params["NextToken"] = page["NextToken"]


def _snapshot_tags(ec2: Client, arn: str) -> dict[str, str]:
    found = ec2.describe_snapshots(SnapshotIds=[resource_id(arn)])["Snapshots"]
    return tag_dict(found[0].get("Tags")) if found else {}


def _image_tags(ec2: Client, arn: str) -> dict[str, str]:
    found = ec2.describe_images(ImageIds=[resource_id(arn)])["Images"]
    return tag_dict(found[0].get("Tags")) if found else {}


def _rds_tags(rds: Client, arn: str) -> dict[str, str]:
    return tag_dict(rds.list_tags_for_resource(ResourceName=arn)["TagList"])


def _fsx_tags(fsx: Client, arn: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for page in fsx.get_paginator("list_tags_for_resource").paginate(ResourceARN=arn):
        tags |= tag_dict(page.get("Tags"))
    return tags


def _redshift_tags(redshift: Client, arn: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for page in redshift.get_paginator("describe_tags").paginate(ResourceName=arn):
        tags |= {item["Tag"]["Key"]: item["Tag"]["Value"] for item in page["TaggedResources"]}
    return tags


_RDS = PointReader(
    "rds",
    _rds_tags,
    ("rds:ListTagsForResource",),
    frozenset({"DBSnapshotNotFoundFault", "DBClusterSnapshotNotFoundFault"}),
)
# None: AWS keeps no tags there (a DynamoDB backup without advanced DynamoDB backup).
RECOVERY_POINTS: Mapping[tuple[str, str], PointReader | None] = MappingProxyType(
    {
        ("backup", "recovery-point"): PointReader(
            "backup", _backup_tags, ("backup:ListTags",), frozenset({"ResourceNotFoundException"})
        ),
        ("ec2", "snapshot"): PointReader(
            "ec2",
            _snapshot_tags,
            ("ec2:DescribeSnapshots",),
            frozenset({"InvalidSnapshot.NotFound", "InvalidSnapshotID.Malformed"}),
        ),
        ("ec2", "image"): PointReader(
            "ec2",
            _image_tags,
            ("ec2:DescribeImages",),
            frozenset({"InvalidAMIID.NotFound", "InvalidAMIID.Unavailable"}),
        ),
        ("rds", "snapshot"): _RDS,
        ("rds", "cluster-snapshot"): _RDS,
        ("fsx", "backup"): PointReader(
            "fsx",
            _fsx_tags,
            ("fsx:ListTagsForResource",),
            frozenset({"ResourceNotFound", "BackupNotFound"}),
        ),
        ("redshift", "snapshot"): PointReader(
            "redshift",
            _redshift_tags,
            ("redshift:DescribeTags",),
            frozenset({"ResourceNotFoundFault", "ClusterSnapshotNotFound"}),
        ),
        ("dynamodb", "backup"): None,
    }
)


def point_kind(arn: str) -> tuple[str, str]:
    """(service, resource type) of a recovery point ARN: ``("ec2", "snapshot")`` for
    ``arn:aws:ec2:eu-west-1::snapshot/snap-1``; a DynamoDB table backup is ``("dynamodb",
    "backup")``."""
    parts = arn.split(":", 5)
    if len(parts) != 6:
        return ("", "")
    service, resource = parts[2], parts[5]
    if service == "dynamodb" and "/backup/" in resource:
        return (service, "backup")
    cut = min((i for i in (resource.find("/"), resource.find(":")) if i >= 0), default=-1)
    return (service, resource[:cut] if cut >= 0 else resource)


def read_point_tags(clients: ClientFactory, arn: str) -> dict[str, str] | None:
    """The tags AWS keeps on recovery point ``arn``, or None when there are none to read.

    None when AWS keeps no tags for that kind (or the ARN is of a kind we do not know), when
    the recovery point is gone, and when ``backup:ListTags`` refuses a recovery point it does
    not manage (InvalidParameterValueException).

    Raises
    ------
    botocore.exceptions.ClientError
        On throttling, and when a service refuses to read its own snapshot or image
        (AccessDenied: the role lacks the permission), so the event is retried.
    """
    kind = point_kind(arn)
    reader = RECOVERY_POINTS.get(kind)
    if reader is None:
        logger.info("no tags kept for this recovery point", extra={"recovery_point_arn": arn})
        return None
    try:
        return reader.read(clients(reader.service), arn)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        if code in reader.gone:
            logger.info("recovery point no longer exists", extra={"recovery_point_arn": arn})
            return None
        if reader.service != "backup" or code in _THROTTLED:
            raise
        logger.warning("recovery point tags unavailable", extra={"error_code": code})
        return None


def iam_actions() -> dict[tuple[str, str], tuple[str, ...]]:
    """The IAM actions each kind of recovery point's reader calls, for the template and docs."""
    return {kind: reader.iam_actions for kind, reader in RECOVERY_POINTS.items() if reader}
