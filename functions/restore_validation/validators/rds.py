"""RDS instances, and the clusters of Aurora, DocumentDB and Neptune (all read through the
RDS API): the restored database is ``available``."""

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

__all__ = ["validate_cluster", "validate_db_instance"]


def validate_db_instance(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    name = resource_id(restored.created_resource_arn)
    try:
        found = clients("rds").describe_db_instances(DBInstanceIdentifier=name)["DBInstances"]
    except ClientError as error:
        if error_code(error) == "DBInstanceNotFound":
            return failed(f"DB instance {name} not found")
        raise
    status = found[0]["DBInstanceStatus"] if found else "gone"
    if status != "available":
        return failed(f"DB instance {name} is {status}, not available")
    return successful(f"DB instance {name} is available")


def validate_cluster(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    name = resource_id(restored.created_resource_arn)
    try:
        found = clients("rds").describe_db_clusters(DBClusterIdentifier=name)["DBClusters"]
    except ClientError as error:
        if error_code(error) == "DBClusterNotFoundFault":
            return failed(f"DB cluster {name} not found")
        raise
    status = found[0]["Status"] if found else "gone"
    if status != "available":
        return failed(f"DB cluster {name} is {status}, not available")
    return successful(f"DB cluster {name} is available")
