"""EC2 and EBS adapters on the emulator: instance volumes, terminated instances."""

from __future__ import annotations

import boto3
import pytest

from tag_on_restore.adapters import ADAPTERS
from tag_on_restore.errors import ResourceGoneError

ARN = "arn:aws:ec2:us-east-1:123456789012"


def _instance() -> str:
    reservation = boto3.client("ec2").run_instances(
        ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="t3.micro"
    )
    return f"{ARN}:instance/{reservation['Instances'][0]['InstanceId']}"


def test_instance_names_its_attached_volumes(aws: None) -> None:
    ec2 = boto3.client("ec2")
    arn = _instance()

    related = ADAPTERS["EC2"].related(ec2, arn)  # type: ignore[misc]

    volumes = ec2.describe_volumes()["Volumes"]
    assert related == tuple(("EBS", f"{ARN}:volume/{v['VolumeId']}") for v in volumes)
    assert related


def test_terminated_instance_is_gone(aws: None) -> None:
    ec2 = boto3.client("ec2")
    arn = _instance()
    ec2.terminate_instances(InstanceIds=[arn.rsplit("/", 1)[-1]])

    with pytest.raises(ResourceGoneError):
        ADAPTERS["EC2"].read_tags(ec2, arn)


@pytest.mark.parametrize(
    ("resource_type", "arn"),
    [
        ("EC2", f"{ARN}:instance/i-0123456789abcdef0"),
        ("EBS", f"{ARN}:volume/vol-0123456789abcdef0"),
    ],
)
def test_missing_resources_are_gone(aws: None, resource_type: str, arn: str) -> None:
    ec2 = boto3.client("ec2")

    with pytest.raises(ResourceGoneError):
        ADAPTERS[resource_type].read_tags(ec2, arn)


def test_tagging_a_missing_volume_is_gone(aws: None) -> None:
    """(moto's CreateTags checks volume ids but not instance ids, so only volumes here.)"""
    with pytest.raises(ResourceGoneError):
        ADAPTERS["EBS"].write_tags(boto3.client("ec2"), f"{ARN}:volume/vol-0123456789abcdef0", {})
