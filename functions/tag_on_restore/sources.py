"""Where wanted tags come from: the source resource (if reachable) and the recovery point.

A source that is gone, or whose ARN names another account or Region, contributes nothing
(logged); so does a recovery point AWS Backup will not list tags for. A refused read of a
source in this account is a real failure and raises, so the event is retried and kept; only
an S3 bucket, whose ARN names no account, may be another account's, so its refusal is logged
and counted instead. Throttling always raises.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from botocore.exceptions import ClientError

from tag_on_restore.adapters import TagAdapter
from tag_on_restore.clients import ClientFactory
from tag_on_restore.errors import ResourceGoneError
from tag_on_restore.restore_job import RestoreJob

__all__ = ["SourceRead", "recovery_point_tags", "same_home", "source_tags"]

logger = logging.getLogger(__name__)

_REFUSED = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
_THROTTLED = frozenset(
    {"Throttling", "ThrottlingException", "TooManyRequestsException", "ServiceUnavailable"}
)


def same_home(source_arn: str, created_arn: str) -> bool:
    """False when both ARNs name an account or Region and they differ."""
    source, created = source_arn.split(":")[3:5], created_arn.split(":")[3:5]
    return all(not a or not b or a == b for a, b in zip(source, created, strict=True))


@dataclass(frozen=True, slots=True)
class SourceRead:
    """The source's tags (None when not read), and whether the read was refused."""

    tags: dict[str, str] | None
    refused: bool = False


def _names_account(arn: str) -> bool:
    parts = arn.split(":")
    return len(parts) > 4 and parts[4] != ""


def source_tags(adapter: TagAdapter, clients: ClientFactory, job: RestoreJob) -> SourceRead:
    """The source resource's tags now; no tags when it is gone or out of reach.

    Raises
    ------
    botocore.exceptions.ClientError
        When AWS refuses the read of a source in this account (the role or an SCP lacks
        the permission), and on throttling: real failures, retried with the event.
    """
    arn = job.source_resource_arn
    if arn is None or not same_home(arn, job.created_resource_arn):
        logger.info("source resource not readable here", extra={"source_arn": arn})
        return SourceRead(None)
    try:
        return SourceRead(adapter.read_tags(clients(adapter.service), arn))
    except ResourceGoneError:
        logger.info("source resource no longer exists", extra={"source_arn": arn})
        return SourceRead(None)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        if code not in _REFUSED or _names_account(arn):
            raise
        # An S3 bucket ARN names no account: the source may be another account's bucket
        # (a restore of a copy), which refuses us by design.
        logger.warning("source bucket refused its tags", extra={"source_arn": arn})
        return SourceRead(None, refused=True)


def recovery_point_tags(clients: ClientFactory, arn: str | None) -> dict[str, str] | None:
    """The recovery point's tags, or None when AWS Backup will not list them.

    ListTags works only for recovery points of fully managed types (``arn:aws:backup:``
    ARNs); others (an EBS snapshot, an RDS snapshot) are not asked. An error other than
    throttling means no tags; throttling raises for a retry.
    """
    if arn is None:
        return None
    if arn.split(":")[2:3] != ["backup"]:
        # An EBS, RDS, Redshift or DynamoDB snapshot: ListTags answers only for ARNs that
        # begin arn:aws:backup (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html).
        logger.info("recovery point is not AWS Backup's own", extra={"recovery_point_arn": arn})
        return None
    backup = clients("backup")
    tags: dict[str, str] = {}
    params = {"ResourceArn": arn}
    try:
        while True:
            page = backup.list_tags(**params)
            tags |= page.get("Tags") or {}
            if not page.get("NextToken"):
                return tags
            params["NextToken"] = page["NextToken"]
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        if code in _THROTTLED:
            raise
        logger.warning("recovery point tags unavailable", extra={"error_code": code})
        return None
