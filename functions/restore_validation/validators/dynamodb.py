"""DynamoDB: the restored table is ACTIVE, readable, and holds the expected item count.

The expected count is the recovery point's ``ITEM_COUNT_TAG`` tag. AWS Backup exposes no exact
item count: ``DescribeRecoveryPoint`` and ``GetRestoreJobMetadata`` carry none, and the
``SourceTableDetails.ItemCount`` of a DynamoDB backup is approximate (refreshed about every six
hours: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SourceTableDetails.html).
A fully managed DynamoDB recovery point carries its table's tags
(https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html), so a table
whose owner tags it with its count gets the count checked; any other table is checked for reads.
"""

from __future__ import annotations

from typing import Any

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

__all__ = ["count_items", "validate_table"]


def count_items(dynamodb: Any, table: str, max_pages: int) -> tuple[int, bool]:
    """(items counted, whether the Scan reached the end) within ``max_pages`` pages."""
    count, arguments = 0, {"TableName": table, "Select": "COUNT"}
    for _ in range(max_pages):
        page = dynamodb.scan(**arguments)
        count += int(page["Count"])
        if "LastEvaluatedKey" not in page:
            return count, True
        arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return count, False


def _expected(restored: Restored, config: Config, clients: ClientFactory) -> str | None:
    arn = restored.recovery_point_arn
    if not arn or arn.split(":")[2] != "backup":
        return None  # ListTags serves only AWS Backup's own recovery points
    arguments: dict[str, str] = {"ResourceArn": arn}
    while True:
        page = clients("backup").list_tags(**arguments)
        if config.item_count_tag in page.get("Tags", {}):
            return str(page["Tags"][config.item_count_tag])
        if not page.get("NextToken"):
            return None
        arguments["NextToken"] = page["NextToken"]


def validate_table(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    """Check the table of ``restored`` (see the module docstring)."""
    table = resource_id(restored.created_resource_arn)
    dynamodb = clients("dynamodb")
    try:
        status = dynamodb.describe_table(TableName=table)["Table"]["TableStatus"]
        if status != "ACTIVE":
            return failed(f"table {table} is {status}, not ACTIVE")
        count, complete = count_items(dynamodb, table, config.max_scan_pages)
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":
            return failed(f"table {table} not found")
        raise
    expected = _expected(restored, config, clients)
    if expected is None:
        scope = "" if complete else f" in the first {config.max_scan_pages} pages"
        return successful(f"table {table} is ACTIVE and readable: {count} items{scope}")
    if not expected.isdigit():
        return failed(f"recovery point tag {config.item_count_tag}={expected!r} is not a count")
    if not complete:
        return failed(
            f"table {table}: counted {count} items in {config.max_scan_pages} pages "
            f"(MAX_SCAN_PAGES) without reaching the end; expected {expected}"
        )
    if count != int(expected):
        return failed(f"table {table} has {count} items; the recovery point says {expected}")
    return successful(f"table {table} is ACTIVE and has the expected {count} items")
