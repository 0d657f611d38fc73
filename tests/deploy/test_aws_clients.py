"""Every AWS client of the operator tools (CLI reader, publish, bootstrap's sessions, preflight)
is built by ``orgbackup.aws_clients`` with its retry configuration (adaptive, 6 attempts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest

from orgbackup import aws_clients
from orgbackup.cli.aws_reader import organizations_client
from orgbackup.deploy import publish
from orgbackup.deploy.preflight import read_only_clients
from orgbackup.deploy.sessions import AccountSessions

EXPECTED = {"mode": "adaptive", "total_max_attempts": 6}
OTHER_ACCOUNT = "210987654321"


def _sessions() -> AccountSessions:
    return AccountSessions("OrganizationAccountAccessRole", region="us-east-1")


CLIENTS: dict[str, Callable[[], Any]] = {
    "CLI reader (Organizations)": organizations_client,
    "publish (S3)": lambda: publish._s3_factory(None)("eu-west-1"),
    "bootstrap, own account (CloudFormation)": lambda: (sessions := _sessions()).cloudformation(
        sessions.caller_account, "us-east-1"
    ),
    "bootstrap, assumed role (CloudFormation)": lambda: _sessions().cloudformation(
        OTHER_ACCOUNT, "eu-west-1"
    ),
    "bootstrap (STS)": lambda: _sessions()._sts(),
    "preflight (Organizations)": lambda: read_only_clients(boto3.session.Session())(
        "organizations", "us-east-1"
    ),
}


@pytest.mark.parametrize("make_client", CLIENTS.values(), ids=CLIENTS.keys())
def test_the_client_retries_as_aws_clients_configures(
    aws: None, make_client: Callable[[], Any]
) -> None:
    client = make_client()

    assert client.meta.config.retries == EXPECTED
    assert aws_clients.client_config().retries == EXPECTED
