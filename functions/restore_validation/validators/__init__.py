"""One validator per AWS Backup resource type, keyed by the exact ``ResourceType`` string.

A type missing here is not validated: the function reports nothing for it (AWS Backup has no
"skipped" validation status) and counts it in the ``UnsupportedResourceType`` metric.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from restore_validation.validators.base import Restored, Validator, Verdict
from restore_validation.validators.dynamodb import validate_table
from restore_validation.validators.ec2 import validate_instance, validate_volume
from restore_validation.validators.efs import validate_file_system
from restore_validation.validators.rds import validate_cluster, validate_db_instance
from restore_validation.validators.s3 import validate_bucket

__all__ = ["VALIDATORS", "Restored", "Validator", "Verdict"]

VALIDATORS: Mapping[str, Validator] = MappingProxyType(
    {
        "DynamoDB": validate_table,
        "S3": validate_bucket,
        "EBS": validate_volume,
        "EC2": validate_instance,
        "RDS": validate_db_instance,
        "Aurora": validate_cluster,
        "DocumentDB": validate_cluster,
        "Neptune": validate_cluster,
        "EFS": validate_file_system,
    }
)
