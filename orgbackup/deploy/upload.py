"""Upload content-addressed artifacts to every regional artifact bucket, only when missing."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from botocore.exceptions import ClientError

from orgbackup.deploy.artifacts import Artifact
from orgbackup.deploy.errors import DeployError

__all__ = ["UploadResult", "upload_missing"]

S3ClientFactory = Callable[[str], Any]


@dataclass(frozen=True, slots=True)
class UploadResult:
    """What happened to one artifact in one Region."""

    region: str
    bucket: str
    key: str
    action: Literal["uploaded", "present"]


def _exists(s3: Any, bucket: str, key: str) -> bool:
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in {"404", "NoSuchKey", "NotFound"}:
            return False
        raise DeployError(
            f"s3://{bucket}/{key}: cannot check whether it exists ({code})"
        ) from error
    return True


def upload_missing(
    artifacts: Iterable[Artifact],
    buckets: dict[str, str],
    client_for: S3ClientFactory,
) -> list[UploadResult]:
    """Put each artifact into each Region's bucket unless its key is already there.

    The key names the content, so an existing object needs no comparison; S3 checks the
    sha256 we send with each upload.

    Parameters
    ----------
    buckets
        Region -> artifact bucket name.
    client_for
        Region -> boto3 S3 client for that Region.
    """
    results = []
    artifacts = list(artifacts)
    for region, bucket in buckets.items():
        s3 = client_for(region)
        for artifact in artifacts:
            if _exists(s3, bucket, artifact.key):
                results.append(UploadResult(region, bucket, artifact.key, "present"))
                continue
            checksum = base64.b64encode(hashlib.sha256(artifact.body).digest()).decode()
            try:
                s3.put_object(
                    Bucket=bucket, Key=artifact.key, Body=artifact.body, ChecksumSHA256=checksum
                )
            except ClientError as error:
                code = error.response.get("Error", {}).get("Code", "")
                raise DeployError(
                    f"s3://{bucket}/{artifact.key}: upload failed ({code})"
                ) from error
            results.append(UploadResult(region, bucket, artifact.key, "uploaded"))
    return results
