"""PutBucketTagging on a bucket with aws: system tags, as S3 answers it: the set sent must carry
them unchanged (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html)."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.s3.models import s3_backends

ACCOUNT = "123456789012"
SYSTEM = {"aws:cloudformation:stack-name": "landing"}


def _tag_set(tags: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    return {"TagSet": [{"Key": key, "Value": value} for key, value in tags.items()]}


def _tags(bucket: str) -> dict[str, str]:
    tag_set = boto3.client("s3").get_bucket_tagging(Bucket=bucket)["TagSet"]
    return {tag["Key"]: tag["Value"] for tag in tag_set}


@pytest.fixture
def bucket(aws: None) -> str:
    """A bucket CloudFormation made: only AWS can set its aws: tags (here, in the backend)."""
    boto3.client("s3").create_bucket(Bucket="landing")
    s3_backends[ACCOUNT]["aws"].put_bucket_tagging("landing", {**SYSTEM, "own": "1"})
    return "landing"


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"own": "1", "new": "2"}, "System tags cannot be removed by requester"),
        ({**SYSTEM, "aws:extra": "x"}, "System tags cannot be added/updated by requester"),
        ({"aws:cloudformation:stack-name": "other"}, "System tags cannot be added/updated"),
    ],
    ids=["dropped", "added", "changed"],
)
def test_a_set_that_changes_system_tags_is_refused(
    bucket: str, sent: dict[str, str], message: str
) -> None:
    with pytest.raises(ClientError) as refused:
        boto3.client("s3").put_bucket_tagging(Bucket=bucket, Tagging=_tag_set(sent))

    assert refused.value.response["Error"]["Code"] == "InvalidTag"
    assert message in refused.value.response["Error"]["Message"]
    assert _tags(bucket) == {**SYSTEM, "own": "1"}, "nothing changed"


def test_a_set_that_keeps_system_tags_replaces_the_rest(bucket: str) -> None:
    boto3.client("s3").put_bucket_tagging(Bucket=bucket, Tagging=_tag_set({**SYSTEM, "new": "2"}))

    assert _tags(bucket) == {**SYSTEM, "new": "2"}


def test_a_bucket_without_system_tags_takes_user_tags_only(aws: None) -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="plain")
    s3.put_bucket_tagging(Bucket="plain", Tagging=_tag_set({"a": "1"}))

    with pytest.raises(ClientError, match="added/updated"):
        s3.put_bucket_tagging(Bucket="plain", Tagging=_tag_set({"aws:x": "1"}))
    assert _tags("plain") == {"a": "1"}
