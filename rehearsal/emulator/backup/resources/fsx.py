"""FSx file systems ("FSx") in moto's FSx backend (Lustre, Windows, ONTAP, OpenZFS).

AWS restores FSx through CreateFileSystemFromBackup; the emulator creates a file system with
the source's recorded configuration. Metadata keys: ``StorageCapacity``, ``SubnetIds`` (JSON).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from moto.fsx.models import FSxBackend, fsx_backends

from rehearsal.emulator.backup.exceptions import InvalidParameterValueException
from rehearsal.emulator.backup.resources.base import (
    GIB,
    Arn,
    ResourceKind,
    RestoreRequest,
    Scope,
    SourceSnapshot,
    not_found,
    tags_from_list,
    tags_to_list,
)

__all__ = ["FILE_SYSTEM"]


def _fsx(scope: Scope) -> FSxBackend:
    return fsx_backends[scope.account_id][scope.region]


def snapshot_file_system(arn: Arn, scope: Scope) -> SourceSnapshot:
    fsx = _fsx(scope)
    file_system = fsx.file_systems.get(arn.resource_id)
    if file_system is None:
        raise not_found(arn)
    metadata = {
        "StorageCapacity": str(file_system.storage_capacity),
        "SubnetIds": json.dumps(file_system.subnet_ids),
    }
    payload: dict[str, Any] = {
        "FileSystemType": file_system.file_system_type,
        "StorageType": file_system.storage_type,
        "SecurityGroupIds": list(file_system.security_group_ids or []),
        "KmsKeyId": file_system.kms_key_id,
        "WindowsConfiguration": file_system.windows_configuration,
        "LustreConfiguration": file_system.lustre_configuration,
        "OntapConfiguration": file_system.ontap_configuration,
        "OpenZFSConfiguration": file_system.open_zfs_configuration,
    }
    size = int(file_system.storage_capacity or 0) * GIB
    tags = tags_from_list(fsx.list_tags_for_resource(file_system.resource_arn))
    return SourceSnapshot(
        str(arn), "FSx", file_system.file_system_id, tags, size, metadata, payload
    )


def restore_file_system(request: RestoreRequest) -> str:
    payload = request.source.payload
    try:
        subnets = json.loads(request.value("SubnetIds") or "[]")
    except ValueError:
        raise InvalidParameterValueException("Metadata SubnetIds is not valid JSON") from None
    file_system = _fsx(request.scope).create_file_system(
        client_request_token=request.job_id,
        file_system_type=str(payload["FileSystemType"]),
        storage_capacity=request.number("StorageCapacity") or 1200,
        storage_type=str(payload["StorageType"]),
        subnet_ids=list(subnets),
        security_group_ids=list(payload["SecurityGroupIds"]),
        tags=tags_to_list(request.tags) or None,
        kms_key_id=payload["KmsKeyId"],
        windows_configuration=payload["WindowsConfiguration"],
        lustre_configuration=payload["LustreConfiguration"],
        ontap_configuration=payload["OntapConfiguration"],
        file_system_type_version=None,
        open_zfs_configuration=payload["OpenZFSConfiguration"],
    )
    return str(file_system.resource_arn)


def backup_of_file_system(
    source: SourceSnapshot, scope: Scope, job_id: str, tags: Mapping[str, str]
) -> str:
    """The FSx backup AWS Backup makes of a file system (``backup/backup-...``), with ``tags``."""
    backup = _fsx(scope).create_backup(
        file_system_id=Arn.parse(source.arn).resource_id,
        client_request_token=job_id,
        volume_id=None,
        tags=tags_to_list(tags) or None,
    )
    return str(backup.resource_arn)


FILE_SYSTEM = ResourceKind(
    "fsx",
    "file-system",
    ("FSx",),
    snapshot_file_system,
    restore_file_system,
    backup_of_file_system,
)
