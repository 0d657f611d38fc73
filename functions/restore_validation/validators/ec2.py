"""EBS and EC2: the restored volume is available; the restored instance is running or stopped."""

from __future__ import annotations

from restore_validation.clients import ClientFactory
from restore_validation.config import Config
from restore_validation.validators.base import Restored, Verdict, resource_id, state_verdict

__all__ = ["validate_instance", "validate_volume"]

# A restore test's instance may be left stopped; anything else (pending, shutting-down,
# terminated) means it did not come up. A restored volume is not attached to anything.
_INSTANCE_STATES = ("running", "stopped")


def validate_volume(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    volume = resource_id(restored.created_resource_arn)

    def state() -> str | None:
        found = clients("ec2").describe_volumes(VolumeIds=[volume])["Volumes"]
        return str(found[0]["State"]) if found else None

    return state_verdict("volume", volume, state, "InvalidVolume.NotFound")


def validate_instance(restored: Restored, config: Config, clients: ClientFactory) -> Verdict:
    instance = resource_id(restored.created_resource_arn)

    def state() -> str | None:
        reservations = clients("ec2").describe_instances(InstanceIds=[instance])["Reservations"]
        states = [i["State"]["Name"] for r in reservations for i in r["Instances"]]
        return str(states[0]) if states else None

    return state_verdict(
        "instance", instance, state, "InvalidInstanceID.NotFound", _INSTANCE_STATES
    )
