"""EFS file systems ("EFS"): tags read from DescribeFileSystems, written with TagResource.

DescribeFileSystems answers FileSystemNotFound for a deleted file system and carries its
tags in one call; CreateTags is deprecated in favour of TagResource.
"""

from __future__ import annotations

from collections.abc import Mapping

from tag_on_restore.adapters.base import (
    Client,
    TagAdapter,
    gone_if,
    resource_id,
    tag_dict,
    tag_list,
)
from tag_on_restore.errors import ResourceGoneError

__all__ = ["EFS"]

_GONE = frozenset({"FileSystemNotFound"})


def read_tags(efs: Client, arn: str) -> dict[str, str]:
    with gone_if(_GONE, arn):
        found = efs.describe_file_systems(FileSystemId=resource_id(arn))["FileSystems"]
    if not found:
        raise ResourceGoneError(arn)
    return tag_dict(found[0].get("Tags"))


def write_tags(efs: Client, arn: str, tags: Mapping[str, str]) -> None:
    with gone_if(_GONE, arn):
        efs.tag_resource(ResourceId=resource_id(arn), Tags=tag_list(tags))


EFS = TagAdapter(
    "EFS",
    "efs",
    read_tags,
    write_tags,
    ("elasticfilesystem:DescribeFileSystems", "elasticfilesystem:TagResource"),
)
