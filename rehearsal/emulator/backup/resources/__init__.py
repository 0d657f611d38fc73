"""The resources AWS Backup can protect in the emulator, one row per ARN service and kind.

A kind missing from ``KINDS`` is refused by StartBackupJob with InvalidParameterValueException,
as AWS refuses an ARN of a service it does not support.
"""

from __future__ import annotations

from collections.abc import Mapping

from rehearsal.emulator.backup.exceptions import InvalidParameterValueException
from rehearsal.emulator.backup.resources import dynamodb, ec2, efs, fsx, rds, s3
from rehearsal.emulator.backup.resources.base import (
    Arn,
    ResourceKind,
    RestoreFailed,
    RestoreRequest,
    Scope,
    SourceSnapshot,
)

__all__ = [
    "KINDS",
    "Arn",
    "ResourceKind",
    "RestoreFailed",
    "RestoreRequest",
    "Scope",
    "SourceSnapshot",
    "kind_for",
]

KINDS: Mapping[tuple[str, str], ResourceKind] = {
    (kind.service, kind.kind): kind
    for kind in (
        ec2.VOLUME,
        ec2.INSTANCE,
        rds.DB_INSTANCE,
        rds.CLUSTER,
        dynamodb.TABLE,
        s3.BUCKET,
        efs.FILE_SYSTEM,
        fsx.FILE_SYSTEM,
    )
}


def kind_for(arn: Arn) -> ResourceKind:
    """The kind that handles ``arn``.

    Raises
    ------
    InvalidParameterValueException
        If the emulator (like AWS Backup) does not support that kind of resource.
    """
    kind = KINDS.get((arn.service, arn.kind))
    if kind is None:
        raise InvalidParameterValueException(f"Unsupported resource type for ARN: {arn}")
    return kind
