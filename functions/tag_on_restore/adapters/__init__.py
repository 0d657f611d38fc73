"""The tag adapters, keyed by the exact ``ResourceType`` strings AWS Backup uses.

Adding a resource type is one row here (plus its adapter if its service is new). A type
missing from ``ADAPTERS`` is a logged skip with a metric, never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tag_on_restore.adapters.base import TagAdapter
from tag_on_restore.adapters.dynamodb import DYNAMODB
from tag_on_restore.adapters.ec2 import EBS, EC2
from tag_on_restore.adapters.efs import EFS
from tag_on_restore.adapters.fsx import FSX
from tag_on_restore.adapters.rds import rds_family
from tag_on_restore.adapters.redshift import REDSHIFT
from tag_on_restore.adapters.s3 import S3
from tag_on_restore.adapters.storage_gateway import STORAGE_GATEWAY

__all__ = ["ADAPTERS", "TagAdapter", "iam_actions"]

ADAPTERS: Mapping[str, TagAdapter] = MappingProxyType(
    {
        "EC2": EC2,
        "EBS": EBS,
        "RDS": rds_family("RDS", "rds"),
        "Aurora": rds_family("Aurora", "rds"),
        "DocumentDB": rds_family("DocumentDB", "docdb"),
        "Neptune": rds_family("Neptune", "neptune"),
        "DynamoDB": DYNAMODB,
        "EFS": EFS,
        "S3": S3,
        "FSx": FSX,
        "Storage Gateway": STORAGE_GATEWAY,
        "Redshift": REDSHIFT,
    }
)


def iam_actions() -> dict[str, tuple[str, ...]]:
    """The IAM actions each resource type's adapter calls, for the template and the docs."""
    return {resource_type: adapter.iam_actions for resource_type, adapter in ADAPTERS.items()}
