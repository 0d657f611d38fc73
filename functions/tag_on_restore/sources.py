"""Where wanted tags come from: the source resource (if reachable) and the recovery point.

Both are best effort: a source that is gone or in another account, or a recovery point AWS
Backup will not list tags for, contributes nothing (logged). Throttling still raises.
"""

from __future__ import annotations

import logging

from botocore.exceptions import ClientError

from tag_on_restore.adapters import TagAdapter
from tag_on_restore.clients import ClientFactory
from tag_on_restore.errors import ResourceGoneError
from tag_on_restore.restore_job import RestoreJob

__all__ = ["recovery_point_tags", "same_home", "source_tags"]

logger = logging.getLogger(__name__)

# Reading the source may be refused when it lives in another account (a restore of a
# cross-account copy): the recovery point's tags are then the best we have.
_UNREADABLE = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
_THROTTLED = frozenset(
    {"Throttling", "ThrottlingException", "TooManyRequestsException", "ServiceUnavailable"}
)


def same_home(source_arn: str, created_arn: str) -> bool:
    """False when both ARNs name an account or Region and they differ."""
    source, created = source_arn.split(":")[3:5], created_arn.split(":")[3:5]
    return all(not a or not b or a == b for a, b in zip(source, created, strict=True))


def source_tags(
    adapter: TagAdapter, clients: ClientFactory, job: RestoreJob
) -> dict[str, str] | None:
    """The source resource's tags now, or None when it is gone or out of reach."""
    arn = job.source_resource_arn
    if arn is None or not same_home(arn, job.created_resource_arn):
        logger.info("source resource not readable here", extra={"source_arn": arn})
        return None
    try:
        return adapter.read_tags(clients(adapter.service), arn)
    except ResourceGoneError:
        logger.info("source resource no longer exists", extra={"source_arn": arn})
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in _UNREADABLE:
            raise
        logger.warning("source resource tags not readable", extra={"source_arn": arn})
    return None


def recovery_point_tags(clients: ClientFactory, arn: str | None) -> dict[str, str] | None:
    """The recovery point's tags, or None when AWS Backup will not list them.

    ListTags works only for recovery points of fully managed types; others (an EBS snapshot
    ARN, an RDS snapshot) may answer an error. Only throttling is worth a retry.
    """
    if arn is None:
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
