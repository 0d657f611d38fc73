"""The tagging flow's edges: sources out of reach, recovery point tags, related resources,
resources vanishing mid-way. Clients are botocore Stubbers (exact calls, nothing else) or
the emulator with an injected fault, as each docstring says.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from rehearsal.emulator.faults import Fault, injected
from tag_on_restore.config import Config
from tag_on_restore.restore_job import RestoreJob
from tag_on_restore.tagging import tag_restore

A = "arn:aws:dynamodb:eu-west-1:123456789012:table"
CREATED = f"{A}/orders-restored"
POINT = "arn:aws:backup:eu-west-1:123456789012:recovery-point:1"
NO_PROVENANCE = Config(provenance_tags=False)


@pytest.fixture
def stubs() -> Iterator[dict[str, Stubber]]:
    stubbers = {
        name: Stubber(boto3.client(name, region_name="eu-west-1"))
        for name in ("dynamodb", "backup", "ec2")
    }
    for stubber in stubbers.values():
        stubber.activate()
    yield stubbers
    for stubber in stubbers.values():
        stubber.assert_no_pending_responses()
        stubber.deactivate()


def factory(stubs: dict[str, Stubber]) -> Any:
    return lambda name: stubs[name].client


def test_source_in_another_account_is_not_read(stubs: dict[str, Stubber]) -> None:
    """A restore of a cross-account copy: the recovery point's tags are what we have."""
    job = RestoreJob("J", "DynamoDB", CREATED, "arn:aws:dynamodb:eu-west-1:999999999999:table/o")
    stubs["dynamodb"].add_response("list_tags_of_resource", {"Tags": []}, {"ResourceArn": CREATED})

    outcome = tag_restore(job, NO_PROVENANCE, factory(stubs))

    assert (outcome.status, outcome.source_tags_found) == ("unchanged", False)


def test_recovery_point_tags_are_read_across_pages(stubs: dict[str, Stubber]) -> None:
    job = RestoreJob("J", "DynamoDB", CREATED, None, POINT)
    stubs["dynamodb"].add_response("list_tags_of_resource", {"Tags": []})
    stubs["backup"].add_response("list_tags", {"Tags": {"a": "1"}, "NextToken": "t"})
    stubs["backup"].add_response(
        "list_tags", {"Tags": {"b": "2"}}, {"ResourceArn": POINT, "NextToken": "t"}
    )
    stubs["dynamodb"].add_response(
        "tag_resource",
        {},
        {"ResourceArn": CREATED, "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]},
    )

    outcome = tag_restore(job, NO_PROVENANCE, factory(stubs))

    assert outcome.recovery_point_tags_found
    assert outcome.resources[0].plan.to_write == {"a": "1", "b": "2"}


def test_throttled_recovery_point_tags_raise_for_a_retry(stubs: dict[str, Stubber]) -> None:
    job = RestoreJob("J", "DynamoDB", CREATED, None, POINT)
    stubs["dynamodb"].add_response("list_tags_of_resource", {"Tags": []})
    stubs["backup"].add_client_error("list_tags", "ThrottlingException")

    with pytest.raises(ClientError, match="ThrottlingException"):
        tag_restore(job, NO_PROVENANCE, factory(stubs))


def test_created_resource_deleted_between_read_and_write_is_a_skip(
    stubs: dict[str, Stubber],
) -> None:
    job = RestoreJob("J", "DynamoDB", CREATED)
    stubs["dynamodb"].add_response("list_tags_of_resource", {"Tags": []})
    stubs["dynamodb"].add_client_error("tag_resource", "ResourceNotFoundException")

    outcome = tag_restore(job, Config(), factory(stubs))

    assert (outcome.status, outcome.reason) == ("skipped", "gone")


def test_a_vanished_volume_does_not_stop_the_instance(stubs: dict[str, Stubber]) -> None:
    created = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0"
    instance = {
        "Reservations": [
            {
                "Instances": [
                    {
                        "InstanceId": "i-0123456789abcdef0",
                        "State": {"Name": "running"},
                        "BlockDeviceMappings": [{"Ebs": {"VolumeId": "vol-0123456789abcdef0"}}],
                    }
                ]
            }
        ]
    }
    ec2 = stubs["ec2"]
    ec2.add_response("describe_instances", instance)
    ec2.add_response(
        "create_tags",
        {},
        {
            "Resources": ["i-0123456789abcdef0"],
            "Tags": [{"Key": "backup:restore:restore-job-id", "Value": "J"}],
        },
    )
    ec2.add_response("describe_instances", instance)
    ec2.add_client_error("describe_volumes", "InvalidVolume.NotFound")

    outcome = tag_restore(RestoreJob("J", "EC2", created), Config(), factory(stubs))

    assert outcome.status == "tagged"
    assert [result.arn for result in outcome.resources] == [created]


def _table(name: str, tags: dict[str, str]) -> str:
    return str(
        boto3.client("dynamodb").create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
        )["TableDescription"]["TableArn"]
    )


@pytest.mark.parametrize("code", ["AccessDeniedException", "InternalServerError"])
def test_source_read_errors_raise_even_when_refused(aws: None, code: str) -> None:
    """Emulator with a fault on the source's ListTagsOfResource only. The source is in this
    account, so a refusal means the role lacks a permission: a real failure."""
    source, created = _table("orders", {"team": "t"}), _table("copy", {})
    job = RestoreJob("J", "DynamoDB", created, source)
    fault = Fault("dynamodb", frozenset({"ListTagsOfResource"}), code, when={"ResourceArn": source})
    clients = {"dynamodb": boto3.client("dynamodb")}

    with injected(fault), pytest.raises(ClientError, match=code):
        tag_restore(job, NO_PROVENANCE, clients.__getitem__)
