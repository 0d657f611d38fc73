"""EC2 instances ("EC2", with their attached volumes) and EBS volumes ("EBS").

AWS Backup's EC2 restore copies tags to the instance only, so the instance adapter names
the attached volumes as related resources, tagged through the EBS adapter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tag_on_restore.adapters.base import (
    Client,
    TagAdapter,
    gone_if,
    resource_id,
    tag_dict,
    tag_list,
)
from tag_on_restore.errors import ResourceGoneError

__all__ = ["EBS", "EC2"]

_INSTANCE_GONE = frozenset({"InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed"})
_VOLUME_GONE = frozenset({"InvalidVolume.NotFound", "InvalidVolumeID.Malformed"})


def _instance(ec2: Client, arn: str) -> dict[str, Any]:
    with gone_if(_INSTANCE_GONE, arn):
        found = ec2.describe_instances(InstanceIds=[resource_id(arn)])
    instances = [i for r in found["Reservations"] for i in r["Instances"]]
    # EC2 lists terminated instances for a while; they can no longer be tagged usefully.
    if not instances or instances[0]["State"]["Name"] in ("terminated", "shutting-down"):
        raise ResourceGoneError(arn)
    instance: dict[str, Any] = instances[0]
    return instance


def read_instance_tags(ec2: Client, arn: str) -> dict[str, str]:
    return tag_dict(_instance(ec2, arn).get("Tags"))


def attached_volumes(ec2: Client, arn: str) -> tuple[tuple[str, str], ...]:
    prefix = arn.split(":instance/", 1)[0]
    mappings = _instance(ec2, arn).get("BlockDeviceMappings", [])
    volumes = (m["Ebs"]["VolumeId"] for m in mappings if "Ebs" in m)
    return tuple(("EBS", f"{prefix}:volume/{volume}") for volume in volumes)


def read_volume_tags(ec2: Client, arn: str) -> dict[str, str]:
    with gone_if(_VOLUME_GONE, arn):
        volumes = ec2.describe_volumes(VolumeIds=[resource_id(arn)])["Volumes"]
    if not volumes:
        raise ResourceGoneError(arn)
    return tag_dict(volumes[0].get("Tags"))


def write_tags(ec2: Client, arn: str, tags: Mapping[str, str]) -> None:
    with gone_if(_INSTANCE_GONE | _VOLUME_GONE, arn):
        ec2.create_tags(Resources=[resource_id(arn)], Tags=tag_list(tags))


EC2 = TagAdapter(
    "EC2",
    "ec2",
    read_instance_tags,
    write_tags,
    ("ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:CreateTags"),
    related=attached_volumes,
)
EBS = TagAdapter(
    "EBS", "ec2", read_volume_tags, write_tags, ("ec2:DescribeVolumes", "ec2:CreateTags")
)
