"""Where wanted tags come from: the source resource (if reachable) and the recovery point.

A source that is gone, or whose ARN names another account or Region, contributes nothing
(logged); the recovery point's tags, read where AWS keeps them, still carry its tags of backup
time. A refused read of a source in this account is a real failure and raises, so the event
is retried and kept; only an S3 bucket, whose ARN names no account, may be another account's,
so its refusal is logged and counted instead. Throttling always raises.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from botocore.exceptions import ClientError

from tag_on_restore.adapters import TagAdapter
from tag_on_restore.clients import ClientFactory
from tag_on_restore.errors import ResourceGoneError
from tag_on_restore.recovery_points import read_point_tags
from tag_on_restore.restore_job import RestoreJob

__all__ = ["SourceRead", "recovery_point_tags", "same_home", "source_tags"]

logger = logging.getLogger(__name__)

_REFUSED = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})


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
    """The tags AWS keeps on the recovery point, or None when there are none to read.

    They include the source's tags of backup time, so they stand in for a source that is
    gone. Read where AWS keeps them (``recovery_points.py``): ``backup:ListTags`` for the
    types AWS Backup fully manages, the service's own snapshot or image for the others.

    Raises
    ------
    botocore.exceptions.ClientError
        On throttling, and when AWS refuses to read a service's snapshot or image.
    """
    if arn is None:
        return None
    return read_point_tags(clients, arn)
