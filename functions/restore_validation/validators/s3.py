"""S3: the restored bucket exists and holds at least one object."""

from __future__ import annotations

from botocore.exceptions import ClientError

from restore_validation.clients import ClientFactory
from restore_validation.config import Config
from restore_validation.validators.base import Restored, Verdict, error_code, failed, successful

__all__ = ["validate_bucket"]


def validate_bucket(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    """List at most one object of the bucket (``arn:aws:s3:::<bucket>``)."""
    bucket = restored.created_resource_arn.split(":::", 1)[-1].split("/", 1)[0]
    try:
        listed = clients("s3").list_objects_v2(Bucket=bucket, MaxKeys=1)
    except ClientError as error:
        if error_code(error) == "NoSuchBucket":
            return failed(f"bucket {bucket} not found")
        raise
    if not listed.get("KeyCount", 0):
        return failed(f"bucket {bucket} has no objects")
    return successful(f"bucket {bucket} exists and has objects")
