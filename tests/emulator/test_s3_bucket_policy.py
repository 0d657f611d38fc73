"""S3 bucket policies in the emulator apply a conditional Deny only when its condition holds."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

BUCKET = "artifacts-bucket-policy-test"


def _bucket_with(statement: dict[str, object]) -> Any:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    policy = {"Version": "2012-10-17", "Statement": [statement]}
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
    return s3


def _deny(condition: dict[str, object] | None) -> dict[str, object]:
    statement: dict[str, object] = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": f"arn:aws:s3:::{BUCKET}/*",
    }
    return {**statement, "Condition": condition} if condition else statement


def test_deny_insecure_transport_lets_requests_through(aws: None) -> None:
    s3 = _bucket_with(_deny({"Bool": {"aws:SecureTransport": "false"}}))
    s3.put_object(Bucket=BUCKET, Key="code.zip", Body=b"zip")
    body = s3.get_object(Bucket=BUCKET, Key="code.zip")["Body"].read()
    assert body == b"zip"


@pytest.mark.parametrize(
    "condition", [None, {"Bool": {"aws:SecureTransport": "true"}}], ids=["no-condition", "holds"]
)
def test_a_deny_whose_condition_holds_still_denies(
    aws: None, condition: dict[str, object] | None
) -> None:
    s3 = _bucket_with(_deny(condition))
    with pytest.raises(ClientError) as error:
        s3.put_object(Bucket=BUCKET, Key="code.zip", Body=b"zip")
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
