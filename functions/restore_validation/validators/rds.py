"""RDS instances, and the clusters of Aurora, DocumentDB and Neptune (all read through the
RDS API): the restored database is ``available``."""

from __future__ import annotations

from restore_validation.clients import ClientFactory
from restore_validation.config import Config
from restore_validation.validators.base import Restored, Verdict, resource_id, state_verdict

__all__ = ["validate_cluster", "validate_db_instance"]


def validate_db_instance(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    name = resource_id(restored.created_resource_arn)

    def state() -> str | None:
        found = clients("rds").describe_db_instances(DBInstanceIdentifier=name)["DBInstances"]
        return str(found[0]["DBInstanceStatus"]) if found else None

    return state_verdict("DB instance", name, state, "DBInstanceNotFound")


def validate_cluster(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    name = resource_id(restored.created_resource_arn)

    def state() -> str | None:
        found = clients("rds").describe_db_clusters(DBClusterIdentifier=name)["DBClusters"]
        return str(found[0]["Status"]) if found else None

    return state_verdict("DB cluster", name, state, "DBClusterNotFoundFault")
