"""S3 buckets ("S3").

PutBucketTagging replaces the bucket's whole tag set, so a write re-reads the set and puts
the union. The set sent must keep the bucket's ``aws:`` system tags (a CloudFormation stack's
``aws:cloudformation:*``), or S3 refuses it with InvalidTag "System tags cannot be removed by
requester"; they are in the set, so they take slots under its 50 tags (``counts_reserved``).
https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html
https://docs.aws.amazon.com/AmazonS3/latest/userguide/CostAllocTagging.html
"""

from __future__ import annotations

from collections.abc import Mapping

from botocore.exceptions import ClientError

from tag_on_restore.adapters.base import (
    Client,
    TagAdapter,
    gone_if,
    resource_id,
    tag_dict,
    tag_list,
)

__all__ = ["S3"]

_GONE = frozenset({"NoSuchBucket"})


def read_tags(s3: Client, arn: str) -> dict[str, str]:
    try:
        with gone_if(_GONE, arn):
            return tag_dict(s3.get_bucket_tagging(Bucket=resource_id(arn))["TagSet"])
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "NoSuchTagSet":
            return {}
        raise


def write_tags(s3: Client, arn: str, tags: Mapping[str, str]) -> None:
    current = read_tags(s3, arn)  # aws: keys included: dropping them is refused
    with gone_if(_GONE, arn):
        s3.put_bucket_tagging(
            Bucket=resource_id(arn), Tagging={"TagSet": tag_list(current | dict(tags))}
        )


S3 = TagAdapter(
    "S3",
    "s3",
    read_tags,
    write_tags,
    ("s3:GetBucketTagging", "s3:PutBucketTagging"),
    counts_reserved=True,
)
