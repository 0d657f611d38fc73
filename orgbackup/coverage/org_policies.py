"""Effective policies and OU paths from an ORG file and an ATTACH file, merged with the engine
exactly as ``backup-policy preview`` does (docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

from backup_org_policy_manager.policy import PolicyValidationError
from orgbackup.cli.attach_file import load_attachments
from orgbackup.cli.checked import check_policy, read_policy
from orgbackup.cli.errors import CliError
from orgbackup.cli.org_file import load_org
from orgbackup.cli.orgtree import NodeIndex, walk
from orgbackup.cli.placement import place, resolve_targets
from orgbackup.cli.preview_model import account_preview

__all__ = ["OrgPolicies", "org_policies"]

OrgPolicies = tuple[dict[str, dict[str, object] | None], dict[str, str]]


def org_policies(org: Path, attachments: Path) -> OrgPolicies:
    """(effective document per account id, ``None`` when nothing applies; OU path per account).

    Raises
    ------
    CliError
        A file is malformed or an attached policy has validation issues (the first is named).
    """
    root = load_org(org)
    specs = load_attachments(attachments)
    index = NodeIndex(root)
    rendered = []
    for spec in specs:
        resolve_targets(root, spec, index)
        checked = check_policy(read_policy(spec.file), spec.variables, spec.regions)
        if checked.issues:
            issue = checked.issues[0]
            raise CliError(
                f"{spec.file}: {issue.json_path}: {issue.message} (see backup-policy lint)"
            )
        rendered.append((spec, str(checked.content)))
    placement = place(root, rendered, index)
    documents: dict[str, dict[str, object] | None] = {}
    ous: dict[str, str] = {}
    for chain in walk(root):
        account = chain[-1]
        if account.kind != "account" or account.id is None:
            continue
        try:
            found = account_preview(chain, placement)
        except PolicyValidationError as error:
            raise CliError(f"an attached policy cannot be merged: {error.reason()}") from None
        attached = any(found.levels)
        documents[account.id] = found.document if attached else None
        ous[account.id] = "/".join(node.name for node in chain[:-1])
    return documents, ous
