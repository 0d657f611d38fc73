"""A member account's rule forwards failed jobs to the home account's bus (cross-account and
cross-Region) with its role; the bus policy admits only principals of the organization."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from rehearsal.emulator.backup.job_failures import fail_backup_job
from tests.emulator.monitoring_org import (
    OTHER_REGION,
    REGION,
    VAULT,
    MonitoredOrg,
    client,
    monitored_org,
    table_arn,
)

BUS = "org-job-events"
OUTSIDER = "999988887777"
FAILED = {"source": ["aws.backup"], "detail": {"state": ["FAILED"]}}


def _bus_policy(org: MonitoredOrg) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "OrganizationPutsEvents",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "events:PutEvents",
                    "Resource": f"arn:aws:events:{REGION}:{org.home}:event-bus/{BUS}",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": org.id}},
                }
            ],
        }
    )


def _home_bus(org: MonitoredOrg) -> tuple[str, str]:
    """The home bus (its ARN), with a rule sending FAILED jobs to a queue (its URL)."""
    events, sqs = client(org.home, "events"), client(org.home, "sqs")
    arn = events.create_event_bus(Name=BUS)["EventBusArn"]
    events.put_permission(EventBusName=BUS, Policy=_bus_policy(org))
    url = sqs.create_queue(QueueName="home-failures")["QueueUrl"]
    queue = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    events.put_rule(Name="failed-jobs", EventBusName=BUS, EventPattern=json.dumps(FAILED))
    events.put_targets(
        Rule="failed-jobs", EventBusName=BUS, Targets=[{"Id": "q", "Arn": queue["QueueArn"]}]
    )
    return str(arn), str(url)


@dataclass(frozen=True)
class Forwarder:
    """How the sending account's rule forwards: its role's grant and trust, and the RoleArn."""

    put_events_on: str = "bus"
    trusted_account: str = "self"
    with_role: bool = True


def _forward(account: str, region: str, bus_arn: str, how: Forwarder) -> None:
    iam, events = client(account, "iam", region), client(account, "events", region)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": {
                        "aws:SourceAccount": account
                        if how.trusted_account == "self"
                        else how.trusted_account
                    }
                },
            }
        ],
    }
    role = iam.create_role(RoleName="forward-events", AssumeRolePolicyDocument=json.dumps(trust))
    resource = bus_arn if how.put_events_on == "bus" else bus_arn + "-other"
    grant = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "events:PutEvents", "Resource": resource}],
    }
    iam.put_role_policy(
        RoleName="forward-events", PolicyName="put", PolicyDocument=json.dumps(grant)
    )
    target = {"Id": "central", "Arn": bus_arn}
    if how.with_role:
        target["RoleArn"] = role["Role"]["Arn"]
    events.put_rule(Name="job-failed", EventPattern=json.dumps(FAILED))
    events.put_targets(Rule="job-failed", Targets=[target])


def _fail_job(account: str, region: str) -> str:
    client(account, "backup", region).create_backup_vault(BackupVaultName="outsider-vault")
    job = fail_backup_job(
        account,
        region,
        backup_vault_name="outsider-vault" if account == OUTSIDER else VAULT,
        resource_arn=table_arn(account, region=region),
        iam_role_arn=f"arn:aws:iam::{account}:role/backup-operator",
        status_message="Access denied by the resource's key policy",
    )
    return job.backup_job_id


def table_arn_in(account: str, region: str) -> str:
    return f"arn:aws:dynamodb:{region}:{account}:table/orders"


def _received(org: MonitoredOrg, url: str) -> list[dict[str, object]]:
    messages = client(org.home, "sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    return [json.loads(m["Body"]) for m in messages.get("Messages", [])]


@pytest.mark.parametrize("region", [REGION, OTHER_REGION])
def test_a_members_failed_job_reaches_the_home_bus_unchanged(aws: None, region: str) -> None:
    org = monitored_org()
    bus_arn, url = _home_bus(org)
    _forward(org.member, region, bus_arn, Forwarder())

    job_id = _fail_job(org.member, region)

    [event] = _received(org, url)
    # moto's SQS delivery drops "account" (its default input template lacks it); the
    # resources and the Region are the member's, as the original event's.
    assert event["region"] == region
    assert event["resources"] == [table_arn_in(org.member, region)]
    assert event["detail-type"] == "Backup Job State Change"
    assert event["detail"]["backupJobId"] == job_id  # type: ignore[index]


@pytest.mark.parametrize(
    ("sender", "how", "reason"),
    [
        ("outsider", Forwarder(), "does not allow"),
        ("member", Forwarder(put_events_on="another bus"), "is not allowed events:PutEvents"),
        ("member", Forwarder(trusted_account=OUTSIDER), "does not trust"),
        ("member", Forwarder(with_role=False), "needs a RoleArn"),
    ],
)
def test_a_refused_delivery_leaves_the_home_bus_untouched(
    aws: None, sender: str, how: Forwarder, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    org = monitored_org()
    bus_arn, url = _home_bus(org)
    account = OUTSIDER if sender == "outsider" else org.member
    _forward(account, REGION, bus_arn, how)

    _fail_job(account, REGION)

    assert _received(org, url) == []
    assert reason in caplog.text
