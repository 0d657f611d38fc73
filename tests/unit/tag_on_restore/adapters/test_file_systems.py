"""EFS and FSx adapters on the emulator: deleted file systems are gone, not tag-less."""

from __future__ import annotations

import boto3
import pytest

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
