"""Put a generated organization (bench/_org_generator.py) into the emulator with ordinary
Organizations calls: OUs, accounts moved into them, the 20 backup policies attached."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench._offline import offline_aws_environment
from bench._org_generator import GeneratedOrg, generate
from bench._report import parser

__all__ = ["EmulatedOrg", "build", "measure_sizes"]

BACKUP = "BACKUP_POLICY"


@dataclass(frozen=True, slots=True)
class EmulatedOrg:
    """Emulator ids: the root, every OU and account (generator id -> emulator id), policies."""

    root_id: str
    ous: dict[str, str]
    accounts: dict[str, str]
    policies: dict[str, str]
    generated: GeneratedOrg


def build(client: Any, accounts: int, *, seed: int = 7) -> EmulatedOrg:
    """Create the organization of ``generate(accounts, seed=seed)`` through ``client``."""
    generated = generate(accounts, seed=seed)
    client.create_organization(FeatureSet="ALL")
    root_id = client.list_roots()["Roots"][0]["Id"]
    client.enable_policy_type(RootId=root_id, PolicyType=BACKUP)
    ous: dict[str, str] = {generated.org["root"]["id"]: root_id}
    members: dict[str, str] = {}
    stack = [(generated.org["root"], root_id)]
    while stack:
        node, node_id = stack.pop()
        for account in node["accounts"]:
            status = client.create_account(
                Email=f"{account['name']}@example.com", AccountName=account["name"]
            )
            member = status["CreateAccountStatus"]["AccountId"]
            if node_id != root_id:
                client.move_account(
                    AccountId=member, SourceParentId=root_id, DestinationParentId=node_id
                )
            members[account["id"]] = member
        for ou in node["ous"]:
            created = client.create_organizational_unit(ParentId=node_id, Name=ou["name"])
            ous[ou["id"]] = created["OrganizationalUnit"]["Id"]
            stack.append((ou, ous[ou["id"]]))
    ids = {**ous, **members}
    policies = {}
    for spec in generated.attachments:
        text = generated.policies[spec["file"]]
        for name, value in spec["variables"].items():
            text = text.replace("${" + name + "}", value)
        policy_id = client.create_policy(
            Name=spec["name"],
            Type=BACKUP,
            Content=json.dumps(json.loads(text), separators=(",", ":")),
            Description=spec["description"],
        )["Policy"]["PolicySummary"]["Id"]
        for target in spec["targets"]:
            client.attach_policy(PolicyId=policy_id, TargetId=ids[target])
        policies[spec["name"]] = policy_id
    return EmulatedOrg(root_id, ous, members, policies, generated)


def measure_sizes(
    description: str,
    default_sizes: str,
    measure: Callable[[int], list[dict[str, Any]]],
    argv: list[str] | None,
) -> tuple[list[dict[str, Any]], argparse.Namespace]:
    """Parse ``--accounts`` (comma-separated sizes) and ``--json``, register the emulator in
    an offline AWS environment, and return ``measure(size)``'s rows for every size."""
    options = parser(description)
    options.add_argument(
        "--accounts",
        default=default_sizes,
        help=f"comma-separated organization sizes (default {default_sizes})",
    )
    args = options.parse_args(argv)
    offline_aws_environment()
    from rehearsal.emulator import register

    register()
    return [row for size in args.accounts.split(",") for row in measure(int(size))], args
