"""DocumentDB, Storage Gateway and Redshift: the exact API calls, through the whole flow.

The emulator restores none of these (and moto cannot tag DocumentDB or Storage Gateway),
so the service's client is a botocore ``Stubber`` that checks every call and its
parameters; AWS Backup's client is the emulator's. Events are the samples in
``tests/events/restore/``, whose recovery points are service snapshots as in AWS.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from tag_on_restore.clients import client
from tag_on_restore.config import Config
from tag_on_restore.process import handle
from tag_on_restore.tagging import RestoreOutcome
from tests.events import load_event

SOURCE_TAGS = {"team": "analytics", "cost-center": "cc-42"}


@dataclass(frozen=True)
class Service:
    """How one service's tag calls look: names of operations, parameters, answers."""

    event: str
    client: str
    read: str
    arn_param: str
    write: str

    def read_answer(self, arn: str, tags: dict[str, str]) -> dict[str, Any]:
        """What the service's read call answers for ``arn`` carrying ``tags``."""
        if self.client == "redshift":
            return redshift_read(arn, tags)
        pairs = [{"Key": k, "Value": v} for k, v in tags.items()]
        if self.client == "storagegateway":
            return {"ResourceARN": arn, "Tags": pairs}
        return {"TagList": pairs}


SERVICES = [
    Service(
        "restore/completed-documentdb",
        "docdb",
        "list_tags_for_resource",
        "ResourceName",
        "add_tags_to_resource",
    ),
    Service(
        "restore/completed-storage-gateway",
        "storagegateway",
        "list_tags_for_resource",
        "ResourceARN",
        "add_tags_to_resource",
    ),
    Service(
        "restore/completed-redshift", "redshift", "describe_tags", "ResourceName", "create_tags"
    ),
]
by_service = pytest.mark.parametrize("service", SERVICES, ids=[s.client for s in SERVICES])


def redshift_read(arn: str, tags: dict[str, str]) -> dict[str, Any]:
    return {
        "TaggedResources": [
            {"Tag": {"Key": k, "Value": v}, "ResourceName": arn, "ResourceType": "cluster"}
            for k, v in tags.items()
        ]
    }


@pytest.fixture
def stubbed(aws: None) -> Iterator[dict[str, Stubber]]:
    """One stubbed client per service, checked for unused expectations at the end."""
    stubbers = {
        s.client: Stubber(boto3.client(s.client, region_name="eu-west-1")) for s in SERVICES
    }
    # A DocumentDB recovery point is a cluster snapshot, whose tags are read through RDS.
    stubbers["rds"] = Stubber(boto3.client("rds", region_name="eu-west-1"))
    for stubber in stubbers.values():
        stubber.activate()
    yield stubbers
    for stubber in stubbers.values():
        stubber.assert_no_pending_responses()
        stubber.deactivate()


def run(event: dict[str, Any], stubbers: dict[str, Stubber]) -> RestoreOutcome:
    def clients(name: str) -> Any:
        return stubbers[name].client if name in stubbers else client(name)

    outcome = handle(event, Config(), clients, lambda: 60_000)
    assert isinstance(outcome, RestoreOutcome)
    return outcome


@by_service
def test_source_tags_and_provenance_are_written_with_the_exact_calls(
    stubbed: dict[str, Stubber], service: Service
) -> None:
    event = load_event(service.event)
    detail = event["detail"]
    created, source = detail["createdResourceArn"], detail["sourceResourceArn"]
    stub = stubbed[service.client]
    stub.add_response(service.read, service.read_answer(created, {}), {service.arn_param: created})
    stub.add_response(
        service.read, service.read_answer(source, SOURCE_TAGS), {service.arn_param: source}
    )
    point = detail["recoveryPointArn"]
    if service.client == "redshift":  # its recovery point is a Redshift snapshot, read too
        stub.add_response("describe_tags", redshift_read(point, {}), {"ResourceName": point})
    if service.client == "docdb":  # and a DocumentDB one a cluster snapshot
        stubbed["rds"].add_response(
            "list_tags_for_resource", {"TagList": []}, {"ResourceName": point}
        )
    written = {
        "cost-center": "cc-42",
        "team": "analytics",
        "backup:restore:recovery-point-arn": detail["recoveryPointArn"],
        "backup:restore:restore-job-id": detail["restoreJobId"],
        "backup:restore:source-resource-arn": source,
    }
    write_answer = {"ResourceARN": created} if service.client == "storagegateway" else {}
    stub.add_response(
        service.write,
        write_answer,
        {service.arn_param: created, "Tags": [{"Key": k, "Value": v} for k, v in written.items()]},
    )

    outcome = run(event, stubbed)

    assert outcome.status == "tagged"
    assert outcome.resources[0].plan.to_write == written


@pytest.mark.parametrize(
    ("service", "error", "modelled"),
    [
        (SERVICES[0], "DBClusterNotFoundFault", {}),
        (
            SERVICES[1],
            "InvalidGatewayRequestException",
            {"error": {"errorCode": "VolumeNotFound"}},
        ),
        (SERVICES[2], "ResourceNotFoundFault", {}),
    ],
    ids=[s.client for s in SERVICES],
)
def test_created_resource_gone_is_a_skip(
    stubbed: dict[str, Stubber], service: Service, error: str, modelled: dict[str, Any]
) -> None:
    event = load_event(service.event)
    created = event["detail"]["createdResourceArn"]
    stubbed[service.client].add_client_error(
        service.read,
        service_error_code=error,
        expected_params={service.arn_param: created},
        modeled_fields=modelled,
    )

    outcome = run(event, stubbed)

    assert (outcome.status, outcome.reason) == ("skipped", "gone")


def test_other_gateway_errors_raise(stubbed: dict[str, Stubber]) -> None:
    event = load_event("restore/completed-storage-gateway")
    stubbed["storagegateway"].add_client_error(
        "list_tags_for_resource",
        service_error_code="InvalidGatewayRequestException",
        modeled_fields={"error": {"errorCode": "GatewayNotConnected"}},
    )

    with pytest.raises(Exception, match="InvalidGatewayRequestException"):
        run(event, stubbed)


def test_existing_tags_on_a_redshift_cluster_are_kept(stubbed: dict[str, Stubber]) -> None:
    event = load_event("restore/completed-redshift")
    detail = event["detail"]
    created, source = detail["createdResourceArn"], detail["sourceResourceArn"]
    stub = stubbed["redshift"]
    stub.add_response("describe_tags", redshift_read(created, {"team": "restored-by-hand"}))
    stub.add_response("describe_tags", redshift_read(source, SOURCE_TAGS))
    stub.add_response("describe_tags", redshift_read(detail["recoveryPointArn"], {}))
    stub.add_response("create_tags", {})

    outcome = run(event, stubbed)

    plan = outcome.resources[0].plan
    assert plan.kept_existing == ("team",)
    assert "team" not in plan.to_write
