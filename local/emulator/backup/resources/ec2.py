"""EBS volumes ("EBS") and EC2 instances ("EC2") in moto's EC2 backend.

Restore metadata keys follow AWS: ``availabilityZone``, ``volumeSize``, ``volumeType``,
``iops``, ``throughput``, ``encrypted``, ``kmsKeyId`` for volumes; ``InstanceType``,
``SubnetId``, ``SecurityGroupIds`` (JSON list) and ``Placement`` (JSON) for instances.
"""

from __future__ import annotations

import json

from moto.ec2.models import EC2Backend, ec2_backends

from local.emulator.backup.exceptions import InvalidParameterValueException
from local.emulator.backup.resources.base import (
    GIB,
    Arn,
    ResourceKind,
    RestoreRequest,
    Scope,
    SourceSnapshot,
    not_found,
)

__all__ = ["INSTANCE", "VOLUME"]


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


VOLUME = ResourceKind("ec2", "volume", ("EBS",), snapshot_volume, restore_volume)
INSTANCE = ResourceKind("ec2", "instance", ("EC2",), snapshot_instance, restore_instance)
