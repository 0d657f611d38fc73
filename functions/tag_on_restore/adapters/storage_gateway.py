"""Storage Gateway volumes ("Storage Gateway", with a space, as AWS Backup spells it).

A missing volume answers InvalidGatewayRequestException with an ``error.errorCode`` of
``VolumeNotFound``; only that detail means "gone", other gateway errors must raise.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from botocore.exceptions import ClientError

from tag_on_restore.adapters.base import Client, TagAdapter, tag_dict, tag_list
from tag_on_restore.errors import ResourceGoneError

__all__ = ["STORAGE_GATEWAY"]

_GONE_DETAILS = frozenset({"VolumeNotFound", "GatewayNotFound"})


@contextmanager
def _gone_if_not_found(arn: str) -> Iterator[None]:
    try:
        yield
    except ClientError as error:
        detail = error.response.get("error", {}).get("errorCode")
        if detail in _GONE_DETAILS:
            raise ResourceGoneError(arn) from error
        raise


def read_tags(gateway: Client, arn: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    with _gone_if_not_found(arn):
        for page in gateway.get_paginator("list_tags_for_resource").paginate(ResourceARN=arn):
            tags |= tag_dict(page.get("Tags"))
    return tags


def write_tags(gateway: Client, arn: str, tags: Mapping[str, str]) -> None:
    with _gone_if_not_found(arn):
        gateway.add_tags_to_resource(ResourceARN=arn, Tags=tag_list(tags))


STORAGE_GATEWAY = TagAdapter(
    "Storage Gateway",
    "storagegateway",
    read_tags,
    write_tags,
    ("storagegateway:ListTagsForResource", "storagegateway:AddTagsToResource"),
)
