"""EBS and EC2: the restored volume is available; the restored instance is running or stopped."""

from __future__ import annotations

from botocore.exceptions import ClientError

from restore_validation.clients import ClientFactory
from restore_validation.config import Config
from restore_validation.validators.base import (
    Restored,
    Verdict,
    error_code,
    failed,
    resource_id,
    successful,
)

__all__ = ["validate_instance", "validate_volume"]

# A restore test's instance may be left stopped; anything else (pending, shutting-down,
# terminated) means it did not come up. A restored volume is not attached to anything.
_INSTANCE_STATES = ("running", "stopped")


def validate_volume(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    volume = resource_id(restored.created_resource_arn)
    try:
        found = clients("ec2").describe_volumes(VolumeIds=[volume])["Volumes"]
    except ClientError as error:
        if error_code(error) == "InvalidVolume.NotFound":
            return failed(f"volume {volume} not found")
        raise
    state = found[0]["State"] if found else "gone"
    if state != "available":
        return failed(f"volume {volume} is {state}, not available")
    return successful(f"volume {volume} is available")


def validate_instance(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    instance = resource_id(restored.created_resource_arn)
    try:
        reservations = clients("ec2").describe_instances(InstanceIds=[instance])["Reservations"]
    except ClientError as error:
        if error_code(error) == "InvalidInstanceID.NotFound":
            return failed(f"instance {instance} not found")
        raise
    states = [i["State"]["Name"] for r in reservations for i in r["Instances"]]
    state = states[0] if states else "gone"
    if state not in _INSTANCE_STATES:
        return failed(f"instance {instance} is {state}, not running or stopped")
    return successful(f"instance {instance} is {state}")
