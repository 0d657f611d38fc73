"""The S3 edge: read policy content from a bucket, translating S3 errors to a property error."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from backup_org_policy_manager.errors import InvalidPropertyError
from backup_org_policy_manager.request import S3Location

__all__ = ["MAX_OBJECT_BYTES", "S3Reader"]

# A backup policy is at most 10,000 characters; anything far bigger is not a policy.
MAX_OBJECT_BYTES = 1_000_000


class S3Reader:
    """Reads policy documents with an S3 client (botocore's own retries apply)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def read(self, location: S3Location) -> str:
        """The object's text (UTF-8).

        Raises
        ------
        InvalidPropertyError
            ``PolicyContent.S3`` when the object is missing, unreadable, too big or not UTF-8.
        """
        where = f"s3://{location.bucket}/{location.key}"
        extra = {"VersionId": location.version_id} if location.version_id else {}
        try:
            response = self._client.get_object(Bucket=location.bucket, Key=location.key, **extra)
            if int(response.get("ContentLength", 0)) > MAX_OBJECT_BYTES:
                raise InvalidPropertyError("PolicyContent.S3", f"{where} is too big for a policy")
            body = response["Body"].read(MAX_OBJECT_BYTES + 1)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "Unknown")
            raise InvalidPropertyError("PolicyContent.S3", f"cannot read {where}: {code}") from None
        except BotoCoreError as error:
            raise InvalidPropertyError(
                "PolicyContent.S3", f"cannot read {where}: {error}"
            ) from None
        try:
            return str(body.decode("utf-8"))
        except UnicodeDecodeError:
            raise InvalidPropertyError("PolicyContent.S3", f"{where} is not UTF-8 text") from None
