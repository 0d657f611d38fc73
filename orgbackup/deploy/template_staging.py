"""Templates too large to send inline: staged in the home Region's artifact bucket.

CloudFormation takes at most 51,200 bytes as ``TemplateBody`` and 1 MB from S3 as
``TemplateURL`` (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
A larger bootstrap template (the pipeline's) is uploaded under a content-addressed key, so a
rerun with the same template writes nothing and an older stack's URL keeps working.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

__all__ = ["TEMPLATE_BODY_LIMIT", "TEMPLATE_URL_LIMIT", "stage_template", "staged_key"]

TEMPLATE_BODY_LIMIT = 51_200  # bytes, TemplateBody
TEMPLATE_URL_LIMIT = 1_048_576  # bytes, a template read from S3


def staged_key(template: Path, body: str) -> str:
    """``templates/<stem>-<sha256 of the body>.yaml``."""
    digest = hashlib.sha256(body.encode()).hexdigest()
    return f"templates/{template.stem}-{digest}{template.suffix}"


def stage_template(s3: Any, bucket: str, region: str, template: Path, body: str) -> str:
    """Upload ``body`` to ``bucket`` unless the key is there; return its ``TemplateURL``."""
    key = staged_key(template, body)
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchKey", "NotFound"}:
            raise
        s3.put_object(Bucket=bucket, Key=key, Body=body.encode())
    return f"https://{bucket}.s3.{region}.amazonaws.com/{key}"
