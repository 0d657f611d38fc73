"""Read the organization and its backup policies from AWS (or any endpoint, e.g. the emulator)
with read-only Organizations calls, every list paginated. The boto3 edge of the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from orgbackup import aws_clients
from orgbackup.cli.errors import AwsReadError
from orgbackup.cli.orgtree import Node
from orgbackup.cli.placement import Attached, Placement

__all__ = ["READ_OPERATIONS", "LiveOrganization", "LivePolicy", "organizations_client", "read"]

BACKUP_POLICY = "BACKUP_POLICY"
# The only Organizations operations the CLI may call; the client refuses any other one.
READ_OPERATIONS = frozenset(
    {
        "ListRoots",
        "ListOrganizationalUnitsForParent",
        "ListAccountsForParent",
        "ListPolicies",
        "DescribePolicy",
        "ListTargetsForPolicy",
    }
)


@dataclass(frozen=True, slots=True)
class LivePolicy:
    """A backup policy as the organization has it; ``targets`` are node ids."""

    id: str
    name: str
    description: str
    content: str
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LiveOrganization:
    """The tree and every backup policy, in ``ListPolicies`` order."""

    root: Node
    policies: tuple[LivePolicy, ...]

    def placement(self) -> Placement:
        """Which policies attach where. AWS does not report attachment order, so the listing
        order stands in for it (it only matters when two policies on one node set one value)."""
        placement: Placement = {}
        for policy in self.policies:
            for target in policy.targets:
                placement.setdefault(target, []).append(Attached(policy.name, policy.content))
        return placement


def organizations_client(endpoint_url: str | None = None, region: str | None = None) -> Any:
    """An Organizations client that refuses every operation outside ``READ_OPERATIONS``.

    ``endpoint_url`` ``None`` keeps boto3's own resolution (``AWS_ENDPOINT_URL`` included).
    Throttling is retried as ``orgbackup.aws_clients`` configures it (adaptive, 6 attempts).
    """
    client = aws_clients.client(
        "organizations", region=region or "us-east-1", endpoint_url=endpoint_url
    )
    client.meta.events.register("before-call.organizations", _refuse_writes)
    return client


def _refuse_writes(model: Any, **_: Any) -> None:
    if model.name not in READ_OPERATIONS:
        raise AwsReadError(f"refusing {model.name}: the CLI only reads the organization")


def read(client: Any) -> LiveOrganization:
    """The organization's tree and backup policies.

    Raises
    ------
    AwsReadError
        A call failed (no credentials, no such endpoint, access denied, ...).
    """
    try:
        roots = list(_pages(client, "list_roots", "Roots"))
        if not roots:
            raise AwsReadError("ListRoots returned no root: is this an organization?")
        root = roots[0]
        tree = _container(client, "root", root["Id"], root.get("Name") or "Root", "")
        policies = tuple(_policy(client, p) for p in _policy_summaries(client))
    except (ClientError, BotoCoreError) as error:
        raise AwsReadError(_reason(error)) from None
    return LiveOrganization(tree, policies)


def _reason(error: ClientError | BotoCoreError) -> str:
    # Imported here: orgbackup.deploy loads the configuration schema, which reads need not.
    from orgbackup.deploy.aws_errors import describe_aws_error

    if isinstance(error, ClientError):
        operation = error.operation_name
        return f"{operation} failed: {describe_aws_error(error).removeprefix(f'{operation}: ')}"
    return f"cannot reach Organizations: {describe_aws_error(error)}"


def _pages(client: Any, operation: str, key: str, **params: Any) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator(operation).paginate(**params):
        yield from page[key]


def _container(client: Any, kind: str, node_id: str, name: str, parent: str) -> Node:
    path = f"{parent}/{name}" if parent else name
    ous = _pages(
        client, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=node_id
    )
    accounts = _pages(client, "list_accounts_for_parent", "Accounts", ParentId=node_id)
    children = [
        _container(client, "ou", ou["Id"], ou["Name"], path)
        for ou in sorted(ous, key=lambda ou: str(ou["Name"]))
    ]
    children += [
        Node("account", a["Name"], f"{path}/{a['Name']}", a["Id"])
        for a in sorted(accounts, key=lambda a: (str(a["Name"]), str(a["Id"])))
    ]
    return Node("root" if kind == "root" else "ou", name, path, node_id, tuple(children))


def _policy_summaries(client: Any) -> Iterator[dict[str, Any]]:
    return _pages(client, "list_policies", "Policies", Filter=BACKUP_POLICY)


def _policy(client: Any, summary: dict[str, Any]) -> LivePolicy:
    policy_id = summary["Id"]
    described = client.describe_policy(PolicyId=policy_id)["Policy"]
    targets = _pages(client, "list_targets_for_policy", "Targets", PolicyId=policy_id)
    return LivePolicy(
        id=policy_id,
        name=summary["Name"],
        description=summary.get("Description", ""),
        content=described["Content"],
        targets=tuple(t["TargetId"] for t in targets),
    )
