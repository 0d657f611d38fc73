"""EFS: the restored file system is ``available``."""

from __future__ import annotations

from botocore.exceptions import ClientError

from restore_validation.clients import ClientFactory
from restore_validation.config import Config
from restore_validation.validators.base import (
    Restored,
    Verdict,
    error_code,
    failed,
    resource_id,
    successful,
)

__all__ = ["validate_file_system"]


def validate_file_system(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    file_system = resource_id(restored.created_resource_arn)
    efs = clients("efs")
    try:
        found = efs.describe_file_systems(FileSystemId=file_system)["FileSystems"]
    except ClientError as error:
        if error_code(error) == "FileSystemNotFound":
            return failed(f"file system {file_system} not found")
        raise
    state = found[0]["LifeCycleState"] if found else "gone"
    if state != "available":
        return failed(f"file system {file_system} is {state}, not available")
    return successful(f"file system {file_system} is available")
