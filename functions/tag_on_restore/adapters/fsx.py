"""FSx file systems and volumes ("FSx": Lustre, Windows File Server, ONTAP, OpenZFS).

Tags are read from DescribeFileSystems (``file-system/fs-...``) or, for the ONTAP and
OpenZFS volumes AWS Backup also protects as "FSx" (``volume/fs-.../fsvol-...``), from
DescribeVolumes; each carries the tags in the same call and answers FileSystemNotFound or
VolumeNotFound once the resource is deleted.
https://docs.aws.amazon.com/aws-backup/latest/devguide/backing-up-fsx.html
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

__all__ = ["FSX"]

_GONE = frozenset({"FileSystemNotFound", "VolumeNotFound", "ResourceNotFound"})


def read_tags(fsx: Client, arn: str) -> dict[str, str]:
    with gone_if(_GONE, arn):
        if arn.split(":", 5)[-1].startswith("volume/"):
            found = fsx.describe_volumes(VolumeIds=[resource_id(arn)])["Volumes"]
        else:
            found = fsx.describe_file_systems(FileSystemIds=[resource_id(arn)])["FileSystems"]
    if not found:
        raise ResourceGoneError(arn)
    return tag_dict(found[0].get("Tags"))


def write_tags(fsx: Client, arn: str, tags: Mapping[str, str]) -> None:
    with gone_if(_GONE, arn):
        fsx.tag_resource(ResourceARN=arn, Tags=tag_list(tags))


FSX = TagAdapter(
    "FSx",
    "fsx",
    read_tags,
    write_tags,
    ("fsx:DescribeFileSystems", "fsx:DescribeVolumes", "fsx:TagResource"),
)
