"""AWS Backup ``ResourceType`` strings and how to tell them from an ARN.

The strings are the ones ``DescribeRegionSettings`` keys ``ResourceTypeOptInPreference`` by
(https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRegionSettings.html).
An RDS cluster ARN does not say its engine: Aurora, DocumentDB and Neptune clusters and RDS
Multi-AZ DB clusters all read ``arn:aws:rds:<region>:<account>:cluster:<id>``, so
``type_of_arn`` calls it ``Aurora`` unless the caller knows the engine (``cluster_type``).
"""

from __future__ import annotations

import re

__all__ = [
    "OPT_IN_ALWAYS_APPLIES",
    "RESOURCE_TYPES",
    "cluster_type",
    "type_of_arn",
]

RESOURCE_TYPES = (
    "Aurora",
    "CloudFormation",
    "DocumentDB",
    "DynamoDB",
    "EBS",
    "EC2",
    "EFS",
    "FSx",
    "Neptune",
    "RDS",
    "Redshift",
    "S3",
    "SAP HANA on Amazon EC2",
    "Storage Gateway",
    "Timestream",
    "VirtualMachine",
)
# "If a resource type is explicitly assigned to a backup plan, it will be included in the
# backup even if the opt-in is not enabled ... This does not apply to Aurora, Neptune, and
# Amazon DocumentDB" (https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html).
# The assigning-resources page: these follow the opt-in even when a selection names their type
# (Aurora, Neptune and DocumentDB share RDS's ARNs; FSx and FSx for OpenZFS share one pattern).
OPT_IN_ALWAYS_APPLIES = frozenset({"Aurora", "Neptune", "DocumentDB", "FSx"})

# (service, resource pattern after "<region>:<account>:") -> type; first match wins.
_ARN_TYPES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (service, re.compile(pattern), rtype)
    for service, pattern, rtype in (
        ("ec2", r"instance/", "EC2"),
        ("ec2", r"volume/", "EBS"),
        ("rds", r"db:", "RDS"),
        ("rds", r"cluster:", "Aurora"),
        ("dynamodb", r"table/[^/]+$", "DynamoDB"),
        ("elasticfilesystem", r"file-system/", "EFS"),
        ("s3", r"[^/]+$", "S3"),
        ("fsx", r"(file-system|volume)/", "FSx"),
        ("redshift", r"cluster:", "Redshift"),
        ("storagegateway", r"gateway/[^/]+/volume/", "Storage Gateway"),
        ("timestream", r"database/[^/]+/table/", "Timestream"),
        ("cloudformation", r"stack/", "CloudFormation"),
        ("backup-gateway", r"vm/", "VirtualMachine"),
        ("ssm-sap", r"HANA/", "SAP HANA on Amazon EC2"),
    )
)


def type_of_arn(arn: str) -> str | None:
    """The AWS Backup resource type of ``arn``, or ``None`` when AWS Backup has none."""
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return None
    service, resource = parts[2], parts[5]
    for known, pattern, rtype in _ARN_TYPES:
        if known == service and pattern.match(resource):
            return rtype
    return None


def cluster_type(engine: str) -> str:
    """The type of an RDS-namespace cluster by its ``Engine`` (``DescribeDBClusters``)."""
    if engine.startswith("aurora"):
        return "Aurora"
    if engine == "docdb":
        return "DocumentDB"
    if engine == "neptune":
        return "Neptune"
    return "RDS"  # Multi-AZ DB clusters (mysql, postgres) are backed up as RDS
