"""A refused read of the source is a real failure (DESIGN 4.3: "A real failure raises"),
except for an S3 bucket, whose ARN cannot say it is ours; and recovery point tags are asked
of AWS Backup only for its own ARNs. Clients are botocore Stubbers: exact calls, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from tag_on_restore.config import Config
from tag_on_restore.metrics import SOURCE_TAGS_REFUSED, counts
from tag_on_restore.restore_job import RestoreJob
from tag_on_restore.tagging import tag_restore

EFS = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system"
NO_PROVENANCE = Config(provenance_tags=False)


@pytest.fixture
def stubs() -> Iterator[dict[str, Stubber]]:
    stubbers = {
        name: Stubber(boto3.client(name, region_name="eu-west-1"))
        for name in ("efs", "fsx", "s3", "backup", "ec2")
    }
    for stubber in stubbers.values():
        stubber.activate()
    yield stubbers
    for stubber in stubbers.values():
        stubber.assert_no_pending_responses()
        stubber.deactivate()


def factory(stubs: dict[str, Stubber]) -> Any:
    return lambda name: stubs[name].client


def file_system(tags: dict[str, str]) -> dict[str, Any]:
    return {
        "FileSystems": [
            {
                "OwnerId": "123456789012",
                "CreationToken": "t",
                "FileSystemId": "fs-1",
                "CreationTime": "2025-01-01T00:00:00Z",
                "LifeCycleState": "available",
                "NumberOfMountTargets": 0,
                "SizeInBytes": {"Value": 0},
                "PerformanceMode": "generalPurpose",
                "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
            }
        ]
    }


def test_access_denied_on_an_efs_source_raises_and_writes_nothing(
    stubs: dict[str, Stubber],
) -> None:
    job = RestoreJob("J", "EFS", f"{EFS}/fs-2", f"{EFS}/fs-1")
    stubs["efs"].add_response("describe_file_systems", file_system({}), {"FileSystemId": "fs-2"})
    stubs["efs"].add_client_error(
        "describe_file_systems",
        "AccessDeniedException",
        http_status_code=403,
        expected_params={"FileSystemId": "fs-1"},
    )

    with pytest.raises(ClientError, match="AccessDeniedException"):
        tag_restore(job, NO_PROVENANCE, factory(stubs))


def test_access_denied_on_an_fsx_source_raises(stubs: dict[str, Stubber]) -> None:
    fsx = "arn:aws:fsx:eu-west-1:123456789012:file-system"
    job = RestoreJob("J", "FSx", f"{fsx}/fs-0000000000000000b", f"{fsx}/fs-0000000000000000a")
    created = {"FileSystems": [{"FileSystemId": "fs-0000000000000000b"}]}
    stubs["fsx"].add_response("describe_file_systems", created)
    stubs["fsx"].add_client_error("describe_file_systems", "AccessDenied", http_status_code=403)

    with pytest.raises(ClientError, match="AccessDenied"):
        tag_restore(job, NO_PROVENANCE, factory(stubs))


def test_a_source_bucket_that_refuses_is_counted_and_the_restore_still_tagged(
    stubs: dict[str, Stubber],
) -> None:
    """An S3 ARN names no account: the source may be another account's bucket."""
    job = RestoreJob("J", "S3", "arn:aws:s3:::restored", "arn:aws:s3:::source", None)
    s3 = stubs["s3"]
    s3.add_response("get_bucket_tagging", {"TagSet": []}, {"Bucket": "restored"})
    s3.add_client_error("get_bucket_tagging", "AccessDenied", http_status_code=403)
    s3.add_response("get_bucket_tagging", {"TagSet": []}, {"Bucket": "restored"})
    s3.add_response("put_bucket_tagging", {})

    outcome = tag_restore(job, Config(), factory(stubs))

    assert outcome.status == "tagged"
    assert (outcome.source_tags_found, outcome.source_tags_refused) == (False, True)
    assert counts(outcome)[SOURCE_TAGS_REFUSED] == 1


def test_a_snapshot_recovery_point_is_read_from_ec2_not_from_backup(
    stubs: dict[str, Stubber],
) -> None:
    """backup:ListTags answers only for arn:aws:backup ARNs; an EBS snapshot's tags are read
    with DescribeSnapshots. The backup stub has no answer, so asking it would fail."""
    snapshot = "arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0"
    job = RestoreJob("J", "EFS", f"{EFS}/fs-2", None, snapshot)
    stubs["efs"].add_response("describe_file_systems", file_system({"a": "1"}))
    stubs["ec2"].add_response(
        "describe_snapshots",
        {"Snapshots": [{"SnapshotId": "snap-0123456789abcdef0", "Tags": [tag("b", "2")]}]},
        {"SnapshotIds": ["snap-0123456789abcdef0"]},
    )
    stubs["efs"].add_response("tag_resource", {}, {"ResourceId": "fs-2", "Tags": [tag("b", "2")]})

    outcome = tag_restore(job, NO_PROVENANCE, factory(stubs))

    assert (outcome.status, outcome.recovery_point_tags_found) == ("tagged", True)
    assert outcome.resources[0].plan.to_write == {"b": "2"}


def tag(key: str, value: str) -> dict[str, str]:
    return {"Key": key, "Value": value}
