"""EFS file systems ("EFS") in moto's EFS backend.

Restore metadata keys follow AWS: ``newFileSystem`` ("true" by default here),
``file-system-id`` (the target when restoring into an existing file system),
``CreationToken``, ``Encrypted``, ``KmsKeyId``, ``PerformanceMode``.
"""

from __future__ import annotations

from moto.efs.models import EFSBackend, efs_backends

from rehearsal.emulator.backup.resources.base import (
    Arn,
    ResourceKind,
    RestoreFailed,
    RestoreRequest,
    Scope,
    SourceSnapshot,
    not_found,
    tags_from_list,
    tags_to_list,
)

__all__ = ["FILE_SYSTEM"]


def _efs(scope: Scope) -> EFSBackend:
    return efs_backends[scope.account_id][scope.region]


def snapshot_file_system(arn: Arn, scope: Scope) -> SourceSnapshot:
    efs = _efs(scope)
    file_system = efs.file_systems_by_id.get(arn.resource_id)
    if file_system is None:
        raise not_found(arn)
    metadata = {
        "file-system-id": file_system.file_system_id,
        "Encrypted": str(bool(file_system.encrypted)).lower(),
        "PerformanceMode": file_system.performance_mode,
        "newFileSystem": "true",
    }
    if file_system.kms_key_id:
        metadata["KmsKeyId"] = file_system.kms_key_id
    payload = {"ThroughputMode": file_system.throughput_mode}
    size = int(file_system.size_in_bytes["Value"])
    tags = tags_from_list(efs.list_tags_for_resource(file_system.file_system_id))
    return SourceSnapshot(
        str(arn), "EFS", file_system.file_system_id, tags, size, metadata, payload
    )


def restore_file_system(request: RestoreRequest) -> str:
    efs = _efs(request.scope)
    if not request.flag("newFileSystem", True):
        # AWS restores into a directory of the existing file system; the job reports that
        # file system as the created resource.
        target = efs.file_systems_by_id.get(request.value("file-system-id") or "")
        if target is None:
            raise RestoreFailed(f"File system {request.value('file-system-id')} not found")
        if request.tags:
            efs.tag_resource(target.file_system_arn, dict(request.tags))
        return str(target.file_system_arn)
    file_system = efs.create_file_system(
        creation_token=request.value("CreationToken") or request.generated_name(64),
        performance_mode=request.value("PerformanceMode") or "generalPurpose",
        encrypted=request.flag("Encrypted", False),
        kms_key_id=request.value("KmsKeyId") or "",
        throughput_mode=str(request.source.payload.get("ThroughputMode") or "bursting"),
        provisioned_throughput_in_mibps=0,
        availability_zone_name="",
        backup=False,
        tags=tags_to_list(request.tags),
    )
    return str(file_system.file_system_arn)


FILE_SYSTEM = ResourceKind(
    "elasticfilesystem", "file-system", ("EFS",), snapshot_file_system, restore_file_system
)
