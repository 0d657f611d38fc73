"""The reported cases on the emulator: a source deleted before its restore, an S3 restore into
a bucket CloudFormation made, and restores into the source itself.

Each test backs up and restores through AWS Backup's API, hands the restore job to the function
(``process.handle``, what the handler runs) and reads the result with the service's own client.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import boto3
import pytest
from moto.s3.models import s3_backends

from tag_on_restore.config import Config
from tag_on_restore.metrics import (
    IN_PLACE_RESTORES,
    RESTORES_SKIPPED,
    RESTORES_TAGGED,
    TAGS_APPLIED,
    counts,
)
from tag_on_restore.process import handle
from tests.integration.tag_on_restore.flow import back_up, provenance, restore
from tests.integration.tag_on_restore.resources import (
    ACCOUNT,
    KINDS,
    bucket_tags,
    create_bucket,
    create_efs,
    efs_tags,
    tag_list,
    volume_tags,
)

POINT_TAGS = {"retention": "35d"}
WORKLOAD = {"team": "search", "kubernetes.io/cluster/prod": "owned"}


def event_of(job: Mapping[str, Any]) -> dict[str, Any]:
    """The EventBridge event AWS Backup sends for a COMPLETED restore job."""
    return {
        "source": "aws.backup",
        "detail-type": "Restore Job State Change",
        "detail": {
            "restoreJobId": job["RestoreJobId"],
            "status": "COMPLETED",
            "resourceType": job["ResourceType"],
            "createdResourceArn": job["CreatedResourceArn"],
            "sourceResourceArn": job["SourceResourceArn"],
            "recoveryPointArn": job["RecoveryPointArn"],
            "backupVaultArn": job["BackupVaultArn"],
        },
    }


def run(job: Mapping[str, Any], config: Config | None = None) -> Any:
    return handle(event_of(job), config or Config(), boto3.client, lambda: 60_000)


def test_ebs_restored_after_its_volume_was_deleted_gets_the_volume_tags(aws: None) -> None:
    """The report: Name, team and the Kubernetes ownership tag come from the EBS snapshot."""
    volume_arn = KINDS["EBS"].create("data-0", WORKLOAD)
    point_arn = back_up(volume_arn, POINT_TAGS)
    KINDS["EBS"].delete(volume_arn)
    job = restore(point_arn, {"availabilityZone": "us-east-1b"})

    outcome = run(job)

    assert outcome.status == "tagged"
    assert volume_tags(job["CreatedResourceArn"]) == {
        "Name": "data-0",
        **WORKLOAD,
        **POINT_TAGS,
        **provenance(job),
    }


# Types whose recovery point keeps the source's tags (snapshot, image or AWS Backup's own).
KEPT = ["EBS", "EC2", "RDS", "Aurora", "Neptune", "FSx", "S3", "EFS"]


@pytest.mark.parametrize("resource_type", KEPT)
def test_a_deleted_source_still_gives_its_tags(aws: None, resource_type: str) -> None:
    kind = KINDS[resource_type]
    name = f"gone-{resource_type.lower()}"
    source_arn = kind.create(name, WORKLOAD)
    point_arn = back_up(source_arn, POINT_TAGS)
    kind.delete(source_arn)
    job = restore(point_arn, kind.metadata(name))

    outcome = run(job)

    source = {"Name": name, **WORKLOAD} if kind.name_tag else WORKLOAD
    assert outcome.status == "tagged"
    assert kind.read_tags(job["CreatedResourceArn"]) == {
        **source,
        **POINT_TAGS,
        **provenance(job),
    }


CLOUDFORMATION_TAGS = {
    "aws:cloudformation:stack-name": "landing",
    "aws:cloudformation:logical-id": "RestoreTarget",
    "aws:cloudformation:stack-id": f"arn:aws:cloudformation:us-east-1:{ACCOUNT}:stack/landing/1",
}


def cloudformation_bucket(name: str, tags: Mapping[str, str]) -> str:
    """A bucket as CloudFormation leaves it: its own tags plus the aws:cloudformation:* ones,
    which only AWS can set (so they are set in the emulator's backend, as CloudFormation)."""
    boto3.client("s3").create_bucket(Bucket=name)
    s3_backends[ACCOUNT]["aws"].put_bucket_tagging(name, {**CLOUDFORMATION_TAGS, **tags})
    return f"arn:aws:s3:::{name}"


def test_s3_restore_into_a_cloudformation_bucket_keeps_its_system_tags(aws: None) -> None:
    target = cloudformation_bucket("landing-zone", {"owner": "platform"})
    job = restore(
        back_up(create_bucket("orders", {"team": "orders"}), POINT_TAGS),
        {"DestinationBucketName": "landing-zone", "NewBucket": "false"},
    )

    outcome = run(job)

    assert (outcome.status, job["CreatedResourceArn"]) == ("tagged", target)
    assert bucket_tags(target) == {
        **CLOUDFORMATION_TAGS,
        "owner": "platform",
        "team": "orders",
        **POINT_TAGS,
        **provenance(job),
    }


def test_system_tags_take_slots_under_the_50_tag_limit_of_a_bucket(aws: None) -> None:
    own = {f"own-{n:02}": "x" for n in range(44)}
    target = cloudformation_bucket("almost-full", own)
    job = restore(
        back_up(create_bucket("wide", {"team": "orders"}), POINT_TAGS),
        {"DestinationBucketName": "almost-full", "NewBucket": "false"},
    )

    outcome = run(job)

    # 3 system + 44 own = 47: three slots left, taken by source, point, then provenance.
    assert len(bucket_tags(target)) == 50
    assert bucket_tags(target).items() >= {"team": "orders", **POINT_TAGS}.items()
    assert len(outcome.resources[0].plan.over_limit) == len(provenance(job)) - 1


def _in_place_efs(tags: Mapping[str, str]) -> dict[str, Any]:
    source = create_efs("share", tags)
    job = restore(
        back_up(source, POINT_TAGS),
        {"newFileSystem": "false", "file-system-id": source.rsplit("/", 1)[-1]},
    )
    assert job["CreatedResourceArn"] == job["SourceResourceArn"], "restored in place"
    return job


def test_an_in_place_restore_is_left_alone_by_default(aws: None) -> None:
    job = _in_place_efs({"team": "search"})
    boto3.client("efs").tag_resource(
        ResourceId=job["SourceResourceArn"].rsplit("/", 1)[-1],
        Tags=tag_list({"team": "search-v2"}),
    )

    outcome = run(job)

    assert (outcome.status, outcome.reason) == ("skipped", "in_place")
    assert counts(outcome) == {RESTORES_SKIPPED: 1, IN_PLACE_RESTORES: 1}
    assert efs_tags(job["CreatedResourceArn"]) == {"team": "search-v2"}


def test_an_in_place_restore_gets_provenance_only_when_configured(aws: None) -> None:
    job = _in_place_efs({"team": "search"})
    boto3.client("efs").tag_resource(
        ResourceId=job["SourceResourceArn"].rsplit("/", 1)[-1],
        Tags=tag_list({"team": "search-v2"}),
    )

    outcome = run(job, Config(tag_in_place_restores=True))

    assert (outcome.status, outcome.reason) == ("tagged", "in_place")
    assert counts(outcome) == {
        RESTORES_TAGGED: 1,
        IN_PLACE_RESTORES: 1,
        TAGS_APPLIED: len(provenance(job)),
    }
    assert efs_tags(job["CreatedResourceArn"]) == {"team": "search-v2", **provenance(job)}
