"""Complete a restore event into a ``RestoreJob``: the event first, then AWS Backup's API.

``DescribeRestoreJob`` fills what the event lacks; ``DescribeRecoveryPoint`` fills the source
ARN and type when an older API or SDK leaves them out. Vaults are never scanned.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from tag_on_restore.errors import RestoreJobIncompleteError
from tag_on_restore.event import RestoreEvent

__all__ = ["RestoreJob", "from_listing", "resolve"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RestoreJob:
    """What tagging needs: the created resource, its type; source and recovery point if known."""

    restore_job_id: str
    resource_type: str
    created_resource_arn: str
    source_resource_arn: str | None = None
    recovery_point_arn: str | None = None


def _vault_name(vault_arn: str) -> str:
    # arn:aws:backup:<region>:<account>:backup-vault:<name>
    return vault_arn.split(":", 6)[-1]


def _fill(
    event: RestoreEvent, found: Mapping[str, Any], members: Mapping[str, str]
) -> RestoreEvent:
    """``event`` with its missing fields taken from an API answer (event values win)."""
    gaps = {
        field: found[member]
        for field, member in members.items()
        if getattr(event, field) is None and found.get(member)
    }
    return replace(event, **gaps)


_RESTORE_JOB_MEMBERS = {
    "resource_type": "ResourceType",
    "created_resource_arn": "CreatedResourceArn",
    "source_resource_arn": "SourceResourceArn",
    "recovery_point_arn": "RecoveryPointArn",
    "backup_vault_arn": "BackupVaultArn",
}
_RECOVERY_POINT_MEMBERS = {"resource_type": "ResourceType", "source_resource_arn": "ResourceArn"}


def resolve(event: RestoreEvent, backup: Any) -> RestoreJob:
    """The restore job of ``event``, looked up only for what the event does not say.

    Raises
    ------
    RestoreJobIncompleteError
        If neither the event nor the API names the created resource or its type.
    """
    if not event.complete:
        logger.info("event lacks fields; calling DescribeRestoreJob")
        found = backup.describe_restore_job(RestoreJobId=event.restore_job_id)
        event = _fill(event, found, _RESTORE_JOB_MEMBERS)
    lacks_source = event.source_resource_arn is None or event.resource_type is None
    if lacks_source and event.recovery_point_arn and event.backup_vault_arn:
        logger.info("restore job lacks source fields; calling DescribeRecoveryPoint")
        point = backup.describe_recovery_point(
            BackupVaultName=_vault_name(event.backup_vault_arn),
            RecoveryPointArn=event.recovery_point_arn,
        )
        event = _fill(event, point, _RECOVERY_POINT_MEMBERS)
    if event.created_resource_arn is None or event.resource_type is None:
        missing = [
            name
            for name, value in (
                ("createdResourceArn", event.created_resource_arn),
                ("resourceType", event.resource_type),
            )
            if value is None
        ]
        raise RestoreJobIncompleteError(event.restore_job_id, missing)
    return RestoreJob(
        restore_job_id=event.restore_job_id,
        resource_type=event.resource_type,
        created_resource_arn=event.created_resource_arn,
        source_resource_arn=event.source_resource_arn,
        recovery_point_arn=event.recovery_point_arn,
    )


def from_listing(entry: Mapping[str, Any], backup: Any) -> RestoreJob:
    """The job of one ``ListRestoreJobs`` entry, completed like an event would be."""
    event = _fill(
        RestoreEvent(restore_job_id=str(entry["RestoreJobId"])), entry, _RESTORE_JOB_MEMBERS
    )
    return resolve(event, backup)
