"""EFS and FSx adapters on the emulator: deleted file systems are gone, not tag-less."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from tag_on_restore.adapters import ADAPTERS
from tag_on_restore.errors import ResourceGoneError


def test_deleted_efs_is_gone_though_moto_keeps_its_tags(aws: None) -> None:
    efs = boto3.client("efs")
    arn = efs.create_file_system(CreationToken="fs", Tags=[{"Key": "a", "Value": "1"}])[
        "FileSystemArn"
    ]
    assert ADAPTERS["EFS"].read_tags(efs, arn) == {"a": "1"}
    efs.delete_file_system(FileSystemId=arn.rsplit("/", 1)[-1])

    with pytest.raises(ResourceGoneError):
        ADAPTERS["EFS"].read_tags(efs, arn)


def test_deleted_fsx_is_gone(aws: None) -> None:
    fsx = boto3.client("fsx")
    created = fsx.create_file_system(
        FileSystemType="LUSTRE", StorageCapacity=1200, SubnetIds=["subnet-0123456789abcdef0"]
    )["FileSystem"]
    fsx.delete_file_system(FileSystemId=created["FileSystemId"])

    with pytest.raises(ResourceGoneError):
        ADAPTERS["FSx"].read_tags(fsx, created["ResourceARN"])


VOLUME_ARN = (
    "arn:aws:fsx:us-east-1:123456789012:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0"
)


def test_fsx_volume_tags_come_from_describe_volumes() -> None:
    """moto has no FSx volumes: botocore's Stubber answers DescribeVolumes for this client."""
    fsx = boto3.client("fsx", region_name="us-east-1")
    with Stubber(fsx) as stub:
        stub.add_response(
            "describe_volumes",
            {
                "Volumes": [
                    {"VolumeId": "fsvol-0123456789abcdef0", "Tags": [{"Key": "a", "Value": "1"}]}
                ]
            },
            {"VolumeIds": ["fsvol-0123456789abcdef0"]},
        )
        assert ADAPTERS["FSx"].read_tags(fsx, VOLUME_ARN) == {"a": "1"}
        stub.assert_no_pending_responses()


def test_deleted_fsx_volume_is_gone() -> None:
    """A deleted volume answers VolumeNotFound (Stubber: moto has no FSx volumes)."""
    fsx = boto3.client("fsx", region_name="us-east-1")
    with Stubber(fsx) as stub:
        stub.add_client_error("describe_volumes", "VolumeNotFound", http_status_code=400)
        with pytest.raises(ResourceGoneError):
            ADAPTERS["FSx"].read_tags(fsx, VOLUME_ARN)
