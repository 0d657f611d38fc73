"""EBS volumes ("EBS") and EC2 instances ("EC2") in moto's EC2 backend.

Restore metadata keys follow AWS: ``availabilityZone``, ``volumeSize``, ``volumeType``,
``iops``, ``throughput``, ``encrypted``, ``kmsKeyId`` for volumes; ``InstanceType``,
``SubnetId``, ``SecurityGroupIds`` (JSON list) and ``Placement`` (JSON) for instances.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from moto.ec2.models import EC2Backend, ec2_backends
from moto.ec2.models.elastic_block_store import Snapshot
from moto.ec2.utils import random_snapshot_id

from rehearsal.emulator.backup.exceptions import InvalidParameterValueException
from rehearsal.emulator.backup.resources.base import (
    GIB,
    Arn,
    ResourceKind,
    RestoreRequest,
    Scope,
    SourceSnapshot,
    not_found,
    tags_to_list,
)

__all__ = ["INSTANCE", "VOLUME", "copy_snapshot", "snapshot_tags"]


def _ec2(scope: Scope) -> EC2Backend:
    return ec2_backends[scope.account_id][scope.region]


def snapshot_volume(arn: Arn, scope: Scope) -> SourceSnapshot:
    ec2 = _ec2(scope)
    volume = ec2.volumes.get(arn.resource_id)
    if volume is None:
        raise not_found(arn)
    metadata = {
        "volumeId": volume.id,
        "availabilityZone": volume.zone.name,
        "volumeSize": str(volume.size),
        "volumeType": volume.volume_type or "gp2",
        "encrypted": str(bool(volume.encrypted)).lower(),
    }
    extras = {"iops": volume.iops, "throughput": volume.throughput, "kmsKeyId": volume.kms_key_id}
    metadata |= {key: str(value) for key, value in extras.items() if value}
    tags = dict(ec2.tags.get(volume.id, {}))
    return SourceSnapshot(str(arn), "EBS", volume.id, tags, volume.size * GIB, metadata)


def restore_volume(request: RestoreRequest) -> str:
    ec2 = _ec2(request.scope)
    volume = ec2.create_volume(
        size=request.number("volumeSize") or 8,
        zone_name=request.value("availabilityZone") or f"{request.scope.region}a",
        encrypted=request.flag("encrypted", False),
        kms_key_id=request.value("kmsKeyId") or None,
        volume_type=request.value("volumeType") or "gp2",
        iops=request.number("iops"),
        throughput=request.number("throughput"),
    )
    if request.tags:
        ec2.create_tags([volume.id], dict(request.tags))
    scope = request.scope
    return f"arn:{scope.partition}:ec2:{scope.region}:{scope.account_id}:volume/{volume.id}"


def snapshot_instance(arn: Arn, scope: Scope) -> SourceSnapshot:
    ec2 = _ec2(scope)
    instance = next((i for i in ec2.all_instances() if i.id == arn.resource_id), None)
    # moto keeps terminated instances listed for a while, as EC2 does; they cannot be backed up.
    if instance is None or instance.state == "terminated":
        raise not_found(arn)
    metadata = {
        "InstanceType": instance.instance_type,
        "SecurityGroupIds": json.dumps([group.id for group in instance.security_groups]),
        "Placement": json.dumps({"AvailabilityZone": instance.placement.zone}),
    }
    if instance.subnet_id:
        metadata["SubnetId"] = instance.subnet_id
    size = sum(device.size or 0 for _, device in instance.get_block_device_mapping) * GIB
    tags = dict(ec2.tags.get(instance.id, {}))
    # The AMI is part of the backup (AWS Backup keeps an image of the instance), so it is
    # payload rather than metadata the caller may change.
    payload = {"ImageId": instance.image_id}
    return SourceSnapshot(str(arn), "EC2", instance.id, tags, size, metadata, payload)


def _json(request: RestoreRequest, key: str) -> object:
    raw = request.value(key)
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        raise InvalidParameterValueException(f"Metadata {key} is not valid JSON") from None


def restore_instance(request: RestoreRequest) -> str:
    ec2 = _ec2(request.scope)
    placement = _json(request, "Placement")
    zone = placement.get("AvailabilityZone") if isinstance(placement, dict) else None
    groups = _json(request, "SecurityGroupIds")
    reservation = ec2.run_instances(
        str(request.source.payload["ImageId"]),
        1,
        None,
        [],
        instance_type=request.value("InstanceType") or "t3.micro",
        is_instance_type_default=False,
        region_name=request.scope.region,
        placement=zone,
        subnet_id=request.value("SubnetId") or None,
        security_group_ids=groups if isinstance(groups, list) else [],
        tags={"instance": dict(request.tags)},
    )
    instance_id = reservation.instances[0].id
    scope = request.scope
    return f"arn:{scope.partition}:ec2:{scope.region}:{scope.account_id}:instance/{instance_id}"


def snapshot_of_volume(
    source: SourceSnapshot, scope: Scope, job_id: str, tags: Mapping[str, str]
) -> str:
    """The EBS snapshot AWS Backup makes of a volume, carrying ``tags``; its ARN names no
    account (https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html)."""
    ec2 = _ec2(scope)
    snapshot = ec2.create_snapshot(
        Arn.parse(source.arn).resource_id, "This snapshot is created by the AWS Backup service."
    )
    if tags:
        ec2.create_tags([snapshot.id], dict(tags))
    return f"arn:{scope.partition}:ec2:{scope.region}::snapshot/{snapshot.id}"


def copy_snapshot(
    point_arn: str, source: Scope, destination: Scope, tags: Mapping[str, str]
) -> str:
    """The copy of an EBS snapshot recovery point in another account or Region: an EBS snapshot
    there, carrying ``tags`` (https://docs.aws.amazon.com/aws-backup/latest/devguide/
    recov-point-create-a-copy.html); its ARN names no account, as the original's does."""
    original = _ec2(source).get_snapshot(Arn.parse(point_arn).resource_id)
    ec2 = _ec2(destination)
    snapshot = Snapshot(
        ec2,
        random_snapshot_id(),
        volume=original.volume,
        description="This snapshot is created by the AWS Backup service.",
        encrypted=original.encrypted,
    )
    ec2.snapshots[snapshot.id] = snapshot
    if tags:
        ec2.create_tags([snapshot.id], dict(tags))
    return f"arn:{destination.partition}:ec2:{destination.region}::snapshot/{snapshot.id}"


def snapshot_tags(point_arn: str, scope: Scope) -> dict[str, str]:
    """The tags of an EBS snapshot recovery point (its source's and those the job assigned)."""
    snapshot_id = Arn.parse(point_arn).resource_id
    return {
        k: v for k, v in _ec2(scope).tags.get(snapshot_id, {}).items() if not k.startswith("aws:")
    }


def image_of_instance(
    source: SourceSnapshot, scope: Scope, job_id: str, tags: Mapping[str, str]
) -> str:
    """The AMI AWS Backup makes of an instance, carrying ``tags``."""
    instance_id = Arn.parse(source.arn).resource_id
    image = _ec2(scope).create_image(
        instance_id,
        f"AwsBackup_{instance_id}_{job_id}",
        "This AMI is created by the AWS Backup service.",
        [{"ResourceType": "image", "Tags": tags_to_list(tags)}],
    )
    return f"arn:{scope.partition}:ec2:{scope.region}::image/{image.id}"


VOLUME = ResourceKind(
    "ec2", "volume", ("EBS",), snapshot_volume, restore_volume, snapshot_of_volume
)
INSTANCE = ResourceKind(
    "ec2", "instance", ("EC2",), snapshot_instance, restore_instance, image_of_instance
)
