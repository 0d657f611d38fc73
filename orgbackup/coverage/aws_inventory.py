"""Build an ``Inventory`` from AWS, read-only: the organization's accounts (or only the
caller's), each account's effective backup policy (``DescribeEffectivePolicy``, from the
calling management or delegated-administrator account), and each account's resources and
Region settings, read through ``--role-name`` in that account (the caller's own credentials
for its own account). Clients come from ``orgbackup.aws_clients`` (adaptive retries).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from orgbackup import aws_clients
from orgbackup.cli import aws_reader
from orgbackup.cli.errors import AwsReadError
from orgbackup.cli.orgtree import Node, walk
from orgbackup.coverage.aws_resources import bucket_resources, region_opt_in, region_resources
from orgbackup.coverage.inventory import AccountInventory, Inventory, RegionInventory
from orgbackup.deploy.aws_errors import describe_aws_error

__all__ = ["DEFAULT_ROLE_NAME", "AwsSource", "read_inventory"]

DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole"
_NO_POLICY = frozenset({"EffectivePolicyNotFoundException", "AWSOrganizationsNotInUseException"})


@dataclass(frozen=True, slots=True)
class AwsSource:
    """Where and how to read: Regions, the role to assume, the endpoint (``None``: boto3's),
    the accounts (empty: every account of the organization; ``("self",)``: the caller's)."""

    regions: tuple[str, ...]
    role_name: str = DEFAULT_ROLE_NAME
    endpoint_url: str | None = None
    accounts: tuple[str, ...] = ()


def read_inventory(source: AwsSource) -> Inventory:
    """Every chosen account's resources, Region settings and effective policy.

    Raises
    ------
    AwsReadError
        A call failed; the message is one line saying what to do (credentials, Region, endpoint).
    """
    try:
        return _read(source)
    except (BotoCoreError, ClientError) as error:
        raise AwsReadError(describe_aws_error(error)) from None


def _read(source: AwsSource) -> Inventory:
    sts = aws_clients.client("sts", region=source.regions[0], endpoint_url=source.endpoint_url)
    caller = str(sts.get_caller_identity()["Account"])
    chosen = _accounts(source, caller)
    organizations = aws_clients.client(
        "organizations", region="us-east-1", endpoint_url=source.endpoint_url
    )
    accounts = []
    for account_id, name, ou in chosen:
        session = _session(sts, account_id, caller, source.role_name)
        known, policy = _effective_policy(organizations, account_id)
        accounts.append(
            AccountInventory(
                account_id, _regions(session, source, account_id), name, ou, policy, known
            )
        )
    return Inventory(tuple(accounts))


def _accounts(source: AwsSource, caller: str) -> list[tuple[str, str, str]]:
    """(id, name, OU path) of each account to read."""
    if source.accounts == ("self",):
        return [(caller, "", "")]
    client = aws_reader.organizations_client(source.endpoint_url, "us-east-1")
    root = aws_reader.read(client).root
    found = [_account_row(chain) for chain in walk(root) if chain[-1].kind == "account"]
    wanted = set(source.accounts)
    missing = wanted - {account_id for account_id, _, _ in found}
    if missing:
        raise AwsReadError(f"--account {sorted(missing)[0]} is not in the organization")
    return [row for row in found if not wanted or row[0] in wanted]


def _account_row(chain: Sequence[Node]) -> tuple[str, str, str]:
    account = chain[-1]
    return str(account.id), account.name, "/".join(node.name for node in chain[:-1])


def _session(sts: Any, account_id: str, caller: str, role_name: str) -> Any:
    if account_id == caller:
        return None  # boto3's default session: the caller's own credentials
    found = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/{role_name}", RoleSessionName="backup-coverage"
    )["Credentials"]
    return boto3.Session(found["AccessKeyId"], found["SecretAccessKey"], found["SessionToken"])


def _effective_policy(organizations: Any, account_id: str) -> tuple[bool, dict[str, Any] | None]:
    try:
        found = organizations.describe_effective_policy(
            PolicyType="BACKUP_POLICY", TargetId=account_id
        )
    except ClientError as error:
        # Nothing applies, or the account is in no organization: no backup policy either way.
        if error.response.get("Error", {}).get("Code") in _NO_POLICY:
            return True, None
        raise
    return True, json.loads(found["EffectivePolicy"]["PolicyContent"])


def _regions(session: Any, source: AwsSource, account_id: str) -> tuple[RegionInventory, ...]:
    def client_in(region: str) -> Any:
        return lambda service: aws_clients.client(
            service, region=region, endpoint_url=source.endpoint_url, session=session
        )

    buckets = bucket_resources(client_in(source.regions[0])("s3"), set(source.regions))
    return tuple(
        RegionInventory(
            region,
            tuple(
                region_resources(client_in(region), account_id, region) + buckets.get(region, [])
            ),
            region_opt_in(client_in(region)),
        )
        for region in source.regions
    )
