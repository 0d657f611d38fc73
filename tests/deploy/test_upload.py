"""Uploads go to every regional bucket, only for keys not there yet (emulator, in-process)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from orgbackup.deploy.artifacts import Artifact
from orgbackup.deploy.errors import DeployError
from orgbackup.deploy.upload import upload_missing

BUCKETS = {
    "eu-west-1": "org-backup-artifacts-222222222222-eu-west-1",
    "eu-central-1": "org-backup-artifacts-222222222222-eu-central-1",
}
ARTIFACTS = [
    Artifact("lambda", "tag_on_restore", "lambda/tag_on_restore-aa.zip", "aa", b"zip bytes"),
    Artifact("policy", "daily", "policies/daily-bb.json", "bb", b'{"plans":{}}'),
]


def _client(region: str) -> Any:
    return boto3.client("s3", region_name=region)


@pytest.fixture
def buckets(aws: None) -> None:
    for region, bucket in BUCKETS.items():
        _client(region).create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region}
        )


@pytest.mark.usefixtures("buckets")
def test_every_region_gets_every_artifact_once() -> None:
    first = upload_missing(ARTIFACTS, BUCKETS, _client)
    second = upload_missing(ARTIFACTS, BUCKETS, _client)

    assert [result.action for result in first] == ["uploaded"] * 4
    assert [result.action for result in second] == ["present"] * 4
    for region, bucket in BUCKETS.items():
        body = _client(region).get_object(Bucket=bucket, Key="policies/daily-bb.json")["Body"]
        assert body.read() == b'{"plans":{}}'


@pytest.mark.usefixtures("buckets")
def test_only_missing_keys_are_uploaded() -> None:
    _client("eu-central-1").put_object(
        Bucket=BUCKETS["eu-central-1"], Key="lambda/tag_on_restore-aa.zip", Body=b"zip bytes"
    )

    results = upload_missing(ARTIFACTS, BUCKETS, _client)

    uploaded = {(result.region, result.key) for result in results if result.action == "uploaded"}
    assert uploaded == {
        ("eu-west-1", "lambda/tag_on_restore-aa.zip"),
        ("eu-west-1", "policies/daily-bb.json"),
        ("eu-central-1", "policies/daily-bb.json"),
    }


def test_a_missing_bucket_is_named(aws: None) -> None:
    with pytest.raises(DeployError, match="org-backup-artifacts-222222222222-eu-west-1"):
        upload_missing(ARTIFACTS, BUCKETS, _client)
