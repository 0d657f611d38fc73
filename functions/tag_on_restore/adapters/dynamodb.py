"""DynamoDB tables ("DynamoDB")."""

from __future__ import annotations

from collections.abc import Mapping

from tag_on_restore.adapters.base import Client, TagAdapter, gone_if, tag_dict, tag_list

__all__ = ["DYNAMODB"]

_GONE = frozenset({"ResourceNotFoundException"})


def read_tags(dynamodb: Client, arn: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    with gone_if(_GONE, arn):
        for page in dynamodb.get_paginator("list_tags_of_resource").paginate(ResourceArn=arn):
            tags |= tag_dict(page.get("Tags"))
    return tags


def write_tags(dynamodb: Client, arn: str, tags: Mapping[str, str]) -> None:
    with gone_if(_GONE, arn):
        dynamodb.tag_resource(ResourceArn=arn, Tags=tag_list(tags))


DYNAMODB = TagAdapter(
    "DynamoDB",
    "dynamodb",
    read_tags,
    write_tags,
    ("dynamodb:ListTagsOfResource", "dynamodb:TagResource"),
)
