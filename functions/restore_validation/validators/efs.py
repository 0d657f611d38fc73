"""EFS: the restored file system is ``available``."""

from __future__ import annotations

from restore_validation.clients import ClientFactory
from restore_validation.config import Config
from restore_validation.validators.base import Restored, Verdict, resource_id, state_verdict

__all__ = ["validate_file_system"]


def validate_file_system(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    file_system = resource_id(restored.created_resource_arn)

    def state() -> str | None:
        found = clients("efs").describe_file_systems(FileSystemId=file_system)["FileSystems"]
        return str(found[0]["LifeCycleState"]) if found else None

    return state_verdict("file system", file_system, state, "FileSystemNotFound")
