"""S3 adapter on the emulator: PutBucketTagging replaces the set, so writes merge."""

from __future__ import annotations

import boto3
import pytest

from tag_on_restore.adapters import ADAPTERS
from tag_on_restore.errors import ResourceGoneError

S3 = ADAPTERS["S3"]


def test_write_keeps_what_the_bucket_has(aws: None) -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="landing")
    s3.put_bucket_tagging(Bucket="landing", Tagging={"TagSet": [{"Key": "own", "Value": "1"}]})

    S3.write_tags(s3, "arn:aws:s3:::landing", {"new": "2"})

    assert S3.read_tags(s3, "arn:aws:s3:::landing") == {"own": "1", "new": "2"}


def test_untagged_bucket_reads_empty_and_missing_bucket_is_gone(aws: None) -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="plain")

    assert S3.read_tags(s3, "arn:aws:s3:::plain") == {}
    with pytest.raises(ResourceGoneError):
        S3.read_tags(s3, "arn:aws:s3:::no-such-bucket")
