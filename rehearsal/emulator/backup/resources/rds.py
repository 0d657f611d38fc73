"""RDS DB instances ("RDS") and DB clusters ("Aurora", "Neptune", "DocumentDB", "RDS").

Restore metadata keys are the RestoreDBInstanceFromDBSnapshot / RestoreDBClusterFromSnapshot
parameter names AWS Backup uses: ``DBInstanceIdentifier`` or ``DBClusterIdentifier`` (a
generated name when absent), ``DBInstanceClass``, ``Engine``, ``EngineVersion``, ``Port``,
``AvailabilityZone``, ``MultiAZ``, ``DBSubnetGroupName``, ``StorageType``. moto's DB
instance cannot report its subnet group, so an instance restore uses the caller's or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from moto.rds.models import RDSBackend, rds_backends

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

__all__ = ["CLUSTER", "DB_INSTANCE", "cluster_resource_type"]

PLACEHOLDER_PASSWORD = "restored-from-backup"


def _rds(scope: Scope) -> RDSBackend:
    return rds_backends[scope.account_id][scope.region]


def cluster_resource_type(engine: str) -> str:
    """AWS Backup's ResourceType for a cluster: the engine decides, not the ARN."""
    if engine.startswith("aurora"):
        return "Aurora"
    return {"neptune": "Neptune", "docdb": "DocumentDB"}.get(engine, "RDS")


def _present(values: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in values.items() if value not in (None, "")}


def snapshot_db_instance(arn: Arn, scope: Scope) -> SourceSnapshot:
    rds = _rds(scope)
    db = rds.databases.get(arn.resource_id)
    if db is None:
        raise not_found(arn)
    metadata = _present(
        {
            "DBInstanceClass": db.db_instance_class,
            "Engine": db.engine,
            "EngineVersion": db.engine_version,
            "Port": db.port,
            "AvailabilityZone": db.availability_zone,
            "MultiAZ": str(bool(db.multi_az)).lower(),
            "StorageType": db.storage_type,
        }
    )
    payload = {"AllocatedStorage": db.allocated_storage, "MasterUsername": db.master_username}
    size = int(db.allocated_storage or 0) * GIB
    tags = tags_from_list(rds.list_tags_for_resource(db.arn))
    return SourceSnapshot(str(arn), "RDS", arn.resource_id, tags, size, metadata, payload)


def restore_db_instance(request: RestoreRequest) -> str:
    db = _rds(request.scope).create_db_instance(
        {
            "db_instance_identifier": request.value("DBInstanceIdentifier")
            or request.generated_name(),
            "db_instance_class": request.value("DBInstanceClass") or "db.t3.micro",
            "engine": request.value("Engine") or "postgres",
            "engine_version": request.value("EngineVersion"),
            "port": request.number("Port"),
            "availability_zone": request.value("AvailabilityZone"),
            "multi_az": request.flag("MultiAZ", False),
            "db_subnet_group_name": request.value("DBSubnetGroupName"),
            "storage_type": request.value("StorageType"),
            "allocated_storage": request.source.payload.get("AllocatedStorage"),
            "master_username": request.source.payload.get("MasterUsername"),
            "tags": tags_to_list(request.tags),
        }
    )
    return str(db.arn)


def snapshot_cluster(arn: Arn, scope: Scope) -> SourceSnapshot:
    rds = _rds(scope)
    cluster = rds.clusters.get(arn.resource_id)
    if cluster is None:
        raise not_found(arn)
    metadata = _present(
        {
            "Engine": cluster.engine,
            "EngineVersion": cluster.engine_version,
            "EngineMode": cluster.engine_mode,
            "Port": cluster.port,
            "DBSubnetGroupName": cluster.db_subnet_group_name,
            "DBClusterInstanceClass": cluster.db_cluster_instance_class,
            "StorageType": cluster.storage_type,
        }
    )
    payload = {"MasterUsername": cluster.master_username, "DatabaseName": cluster.database_name}
    size = int(cluster.allocated_storage or 0) * GIB
    tags = tags_from_list(rds.list_tags_for_resource(cluster.arn))
    resource_type = cluster_resource_type(cluster.engine)
    return SourceSnapshot(str(arn), resource_type, arn.resource_id, tags, size, metadata, payload)


def restore_cluster(request: RestoreRequest) -> str:
    master_username = request.source.payload.get("MasterUsername")
    cluster = _rds(request.scope).create_db_cluster(
        {
            "db_cluster_identifier": request.value("DBClusterIdentifier")
            or request.generated_name(),
            "engine": request.value("Engine") or "aurora-postgresql",
            "engine_version": request.value("EngineVersion"),
            "engine_mode": request.value("EngineMode"),
            "port": request.number("Port"),
            "db_subnet_group_name": request.value("DBSubnetGroupName"),
            "db_cluster_instance_class": request.value("DBClusterInstanceClass"),
            "storage_type": request.value("StorageType"),
            "master_username": master_username,
            # A restored cluster keeps the snapshot's credentials. moto cannot read a password
            # back but insists on one with a master user; no API call can observe its value.
            "master_user_password": PLACEHOLDER_PASSWORD if master_username else None,
            "database_name": request.source.payload.get("DatabaseName"),
            "tags": tags_to_list(request.tags),
        }
    )
    return str(cluster.arn)


def _snapshot_id(job_id: str) -> str:
    # AWS Backup names its RDS snapshots after the job: "awsbackup:job-<id>".
    return f"awsbackup:job-{job_id.lower()}"


def snapshot_of_db_instance(
    source: SourceSnapshot, scope: Scope, job_id: str, tags: Mapping[str, str]
) -> str:
    """The DB snapshot AWS Backup makes of an instance (type "awsbackup"), carrying ``tags``."""
    identifier = _snapshot_id(job_id)
    _rds(scope).create_db_snapshot(
        Arn.parse(source.arn).resource_id,
        identifier,
        snapshot_type="awsbackup",
        tags=tags_to_list(tags),
    )
    return f"arn:{scope.partition}:rds:{scope.region}:{scope.account_id}:snapshot:{identifier}"


def snapshot_of_cluster(
    source: SourceSnapshot, scope: Scope, job_id: str, tags: Mapping[str, str]
) -> str:
    """The DB cluster snapshot AWS Backup makes of an Aurora, DocumentDB or Neptune cluster."""
    identifier = _snapshot_id(job_id)
    _rds(scope).create_db_cluster_snapshot(
        Arn.parse(source.arn).resource_id,
        identifier,
        snapshot_type="awsbackup",
        tags=tags_to_list(tags),
    )
    scope_arn = f"arn:{scope.partition}:rds:{scope.region}:{scope.account_id}"
    return f"{scope_arn}:cluster-snapshot:{identifier}"


DB_INSTANCE = ResourceKind(
    "rds", "db", ("RDS",), snapshot_db_instance, restore_db_instance, snapshot_of_db_instance
)
CLUSTER = ResourceKind(
    "rds",
    "cluster",
    ("Aurora", "Neptune", "DocumentDB", "RDS"),
    snapshot_cluster,
    restore_cluster,
    snapshot_of_cluster,
)
