"""Build an organization in the emulator from an ORG-file tree and deploy policies into it
with ordinary (write) Organizations calls: test setup, done before the CLI's calls are counted."""

from __future__ import annotations

from typing import Any

from orgbackup.cli.attach_file import load_attachments
from orgbackup.cli.checked import check_policy, read_policy
from orgbackup.cli.org_file import load_org
from orgbackup.cli.orgtree import Node
from orgbackup.cli.placement import resolve_targets
from tests.cli.conftest import EXAMPLES

BACKUP = "BACKUP_POLICY"


def build_org(client: Any, root: Node) -> dict[str, str]:
    """Create ``root``'s OUs and accounts; return each node's path mapped to its real id."""
    client.create_organization(FeatureSet="ALL")
    root_id = client.list_roots()["Roots"][0]["Id"]
    client.enable_policy_type(RootId=root_id, PolicyType=BACKUP)
    ids = {root.path: root_id}
    _add_children(client, root, root_id, root_id, ids)
    return ids


def _add_children(
    client: Any, node: Node, parent_id: str, root_id: str, ids: dict[str, str]
) -> None:
    for child in node.children:
        if child.kind == "ou":
            ou = client.create_organizational_unit(ParentId=parent_id, Name=child.name)
            ids[child.path] = ou["OrganizationalUnit"]["Id"]
            _add_children(client, child, ids[child.path], root_id, ids)
            continue
        status = client.create_account(Email=f"{child.name}@example.com", AccountName=child.name)
        account_id = status["CreateAccountStatus"]["AccountId"]
        if parent_id != root_id:
            client.move_account(
                AccountId=account_id, SourceParentId=root_id, DestinationParentId=parent_id
            )
        ids[child.path] = account_id


def create_policy(
    client: Any, name: str, content: str, targets: list[str], description: str = ""
) -> str:
    """Create a backup policy and attach it to ``targets`` (ids); return its id."""
    policy_id: str = client.create_policy(
        Name=name, Type=BACKUP, Content=content, Description=description
    )["Policy"]["PolicySummary"]["Id"]
    for target in targets:
        client.attach_policy(PolicyId=policy_id, TargetId=target)
    return policy_id


def deploy_examples(client: Any) -> dict[str, str]:
    """The example organization and policies in the emulator; returns path -> real id."""
    root = load_org(EXAMPLES / "org.yaml")
    ids = build_org(client, root)
    for spec in load_attachments(EXAMPLES / "attachments.yaml"):
        checked = check_policy(read_policy(spec.file), spec.variables, spec.regions)
        assert checked.content is not None
        assert not checked.issues
        targets = [ids[node.path] for node in resolve_targets(root, spec)]
        create_policy(client, spec.name, checked.content, targets, spec.description)
    return ids
