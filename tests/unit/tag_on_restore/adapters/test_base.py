"""Helpers every adapter uses: ARN ids, tag shapes, not-found translation."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tag_on_restore.adapters.base import gone_if, resource_id, tag_dict, tag_list
from tag_on_restore.errors import ResourceGoneError


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ("arn:aws:ec2:eu-west-1:123456789012:volume/vol-1", "vol-1"),
        ("arn:aws:rds:eu-west-1:123456789012:db:orders-db", "orders-db"),
        ("arn:aws:s3:::orders-archive", "orders-archive"),
        ("arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-1", "fs-1"),
    ],
)
def test_resource_id(arn: str, expected: str) -> None:
    assert resource_id(arn) == expected


def test_tag_shapes_round_trip() -> None:
    tags = {"a": "1", "b": ""}

    assert tag_dict(tag_list(tags)) == tags
    assert tag_dict(None) == {}


def _error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "m"}}, "Op")


def test_gone_if_translates_only_the_listed_codes() -> None:
    with pytest.raises(ResourceGoneError) as gone, gone_if(frozenset({"NotFound"}), "arn:x"):
        raise _error("NotFound")
    assert gone.value.arn == "arn:x"

    with pytest.raises(ClientError), gone_if(frozenset({"NotFound"}), "arn:x"):
        raise _error("AccessDenied")
