"""DynamoDB tables ("DynamoDB") in moto's DynamoDB backend, items included.

Restore metadata keys follow AWS: ``targetTableName`` (a generated name when absent),
``encryptionType`` (``Default`` or ``KMS``) and ``kmsMasterKeyArn``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends

from rehearsal.emulator.backup.resources.base import (
    Arn,
    ResourceKind,
    RestoreRequest,
    Scope,
    SourceSnapshot,
    not_found,
    tags_from_list,
    tags_to_list,
)
from rehearsal.emulator.backup_region_settings import region_settings_backends

__all__ = ["TABLE"]


def _dynamodb(scope: Scope) -> DynamoDBBackend:
    return dynamodb_backends[scope.account_id][scope.region]


def snapshot_table(arn: Arn, scope: Scope) -> SourceSnapshot:
    table = _dynamodb(scope).tables.get(arn.resource_id)
    if table is None:
        raise not_found(arn)
    items = [
        {name: value.to_regular_json() for name, value in item.attrs.items()}
        for item in table.all_items()
    ]
    throughput = {
        key: value
        for key, value in table.throughput.items()
        if key in ("ReadCapacityUnits", "WriteCapacityUnits")
    }
    # Rebuilt from moto's index objects so the restore can pass them to create_table again.
    global_indexes = [
        {"IndexName": i.name, "KeySchema": i.schema, "Projection": i.projection}
        | ({"ProvisionedThroughput": throughput} if table.billing_mode != "PAY_PER_REQUEST" else {})
        for i in table.global_indexes
    ]
    # A copy, so later changes to the live table (or its deletion) cannot reach the backup.
    payload: dict[str, Any] = copy.deepcopy(
        {
            "KeySchema": table.schema,
            "AttributeDefinitions": table.attr,
            "BillingMode": table.billing_mode or "PROVISIONED",
            "ProvisionedThroughput": throughput,
            "LocalSecondaryIndexes": [index.describe() for index in table.indexes],
            "GlobalSecondaryIndexes": global_indexes,
            "Items": items,
        }
    )
    encrypted = bool(table.sse_specification and table.sse_specification.get("Enabled"))
    metadata = {"encryptionType": "KMS" if encrypted else "Default"}
    size = sum(item.size() for item in table.all_items())
    tags = tags_from_list(table.tags)
    return SourceSnapshot(str(arn), "DynamoDB", table.name, tags, size, metadata, payload)


def restore_table(request: RestoreRequest) -> str:
    # moto keeps (and mutates) the structures it is given; the recovery point must not change.
    payload = copy.deepcopy(dict(request.source.payload))
    kms_key = request.value("kmsMasterKeyArn")
    sse = {"Enabled": True, "SSEType": "KMS"} if request.value("encryptionType") == "KMS" else None
    if sse and kms_key:
        sse["KMSMasterKeyId"] = kms_key
    billing_mode = str(payload["BillingMode"])
    table = _dynamodb(request.scope).create_table(
        name=request.value("targetTableName") or request.generated_name(255),
        schema=payload["KeySchema"],
        throughput=None if billing_mode == "PAY_PER_REQUEST" else payload["ProvisionedThroughput"],
        attr=payload["AttributeDefinitions"],
        global_indexes=payload["GlobalSecondaryIndexes"] or None,
        indexes=payload["LocalSecondaryIndexes"] or None,
        streams=None,
        billing_mode=billing_mode,
        sse_specification=sse,
        tags=tags_to_list(request.tags),
        deletion_protection_enabled=False,
        warm_throughput=None,
    )
    for item in payload["Items"]:
        table.put_item(item)
    return str(table.table_arn)


def backup_of_table(
    source: SourceSnapshot, scope: Scope, job_id: str, tags: Mapping[str, str]
) -> str | None:
    """Without advanced DynamoDB backup (the Region setting), the recovery point is a DynamoDB
    backup, which cannot carry tags (https://docs.aws.amazon.com/aws-backup/latest/devguide/
    tags-on-backups.html); with it, AWS Backup keeps the recovery point (None here)."""
    settings = region_settings_backends[scope.account_id][scope.region]
    if settings.management.get("DynamoDB"):
        return None
    backup = _dynamodb(scope).create_backup(source.name, f"awsbackup-{job_id.lower()}")
    return str(backup.arn)


TABLE = ResourceKind(
    "dynamodb", "table", ("DynamoDB",), snapshot_table, restore_table, backup_of_table
)
