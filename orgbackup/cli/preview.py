"""``backup-policy preview``: the effective backup policy of every account, from an ORG file
and the policies of an ATTACH file and/or a deployment configuration, or read from AWS
(read-only), optionally with those policies proposed over the live ones; as an org tree, as
JSON, rolled up per OU, only the accounts with problems, or for one account."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from backup_org_policy_manager.policy import PolicyValidationError
from orgbackup.cli import aws_reader
from orgbackup.cli.config_options import add_config_option
from orgbackup.cli.display import style_for
from orgbackup.cli.errors import CliError
from orgbackup.cli.live_preview import account_changes, change_lines, overlay
from orgbackup.cli.options import add_aws_options
from orgbackup.cli.org_file import load_org
from orgbackup.cli.orgtree import Node, NodeIndex
from orgbackup.cli.placement import Placement, place
from orgbackup.cli.preview_json import write_json
from orgbackup.cli.preview_model import account_preview, preview
from orgbackup.cli.preview_rollup import only_problems_text, summary_text
from orgbackup.cli.preview_view import (
    PolicyIssue,
    incomplete_plans,
    preview_text,
    strict_failures,
)
from orgbackup.cli.proposal import proposed_specs, render_specs, resolve_all

__all__ = ["add_parser", "run"]

# The tree, the placement to show, policy issues, an index of the tree, and the live
# placement the shown one is compared with (only for a change proposed over AWS).
Inputs = tuple[Node, Placement, list[PolicyIssue], NodeIndex, Placement | None]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``preview``."""
    parser = commands.add_parser(
        "preview",
        help="show every account's effective backup policy",
        description="Merge the policies on each account's path from the root and show which"
        " plans are complete, incomplete or absent, and which operations are ignored.",
    )
    parser.add_argument("--org", metavar="ORG", type=Path, help="ORG file (YAML or JSON)")
    parser.add_argument("--attachments", metavar="ATTACH", type=Path, help="ATTACH file")
    add_config_option(parser)
    parser.add_argument(
        "--from-aws",
        action="store_true",
        help="read the organization and its policies instead of --org; with --attachments or"
        " --config, show their policies in place of the live ones of the same name",
    )
    add_aws_options(parser)
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--account", metavar="ID", help="print one account's effective document")
    shown.add_argument("--json", action="store_true", help="print the preview as JSON")
    shown.add_argument(
        "--summary",
        action="store_true",
        help="one row per OU: accounts, plans complete / incomplete / absent, problems",
    )
    shown.add_argument(
        "--only-problems",
        action="store_true",
        help="only accounts with an incomplete plan, an ignored operation or an invalid policy",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 on an incomplete plan or ignored operation"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """0 when clean; 1 on policy issues, or with ``--strict`` on incomplete or ignored."""
    root, placement, issues, index, before = _inputs(args)
    if args.account:
        return _one_account(args, index, placement, issues, out)
    try:
        result = preview(root, placement)
        previous = preview(root, before) if before is not None else None
    except PolicyValidationError as error:
        raise CliError(f"an attached policy cannot be merged: {error.reason()}") from None
    failed = bool(issues) or (args.strict and strict_failures(result) > 0)
    style = style_for(out)
    if args.json:
        write_json(result, issues, out)
    elif args.summary:
        _write_lines(summary_text(root, result, issues, style), out)
    elif args.only_problems:
        _write_lines(only_problems_text(root, placement, result, issues, style), out)
    else:
        _write_lines(preview_text(root, placement, result, issues, style), out)
    if previous is not None:
        changes = list(account_changes(previous, result))
        lines = change_lines(changes, len(result.accounts), style_for(err if args.json else out))
        _write_lines(lines, err if args.json else out)
    return 1 if failed else 0


def _one_account(
    args: argparse.Namespace,
    index: NodeIndex,
    placement: Placement,
    issues: list[PolicyIssue],
    out: TextIO,
) -> int:
    """``--account``: merge that account's chain only and print its document."""
    chain = index.find(args.account)
    if chain is None or chain[-1].kind != "account" or chain[-1].id != args.account:
        raise CliError(f"no account {args.account} in the organization")
    try:
        found = account_preview(chain, placement)
    except PolicyValidationError as error:
        raise CliError(f"an attached policy cannot be merged: {error.reason()}") from None
    print(json.dumps(found.document, indent=2, ensure_ascii=False), file=out)
    own = incomplete_plans(found)
    return 1 if issues or (args.strict and own) else 0


def _write_lines(lines: Iterable[str], out: TextIO) -> None:
    out.writelines(f"{line}\n" for line in lines)


def _inputs(args: argparse.Namespace) -> Inputs:
    specs = proposed_specs(args)  # a bad file or configuration: exit 2 before any AWS call
    if args.from_aws:
        if args.org:
            raise CliError("--from-aws reads the organization: leave out --org")
        live = aws_reader.read(aws_reader.organizations_client(args.endpoint_url, args.region))
        index, before = NodeIndex(live.root), live.placement()
        if not (args.attachments or args.config):
            return live.root, before, [], index, None
        resolve_all(live.root, specs, index)
        rendered, issues = render_specs(specs)
        return live.root, overlay(before, live.root, rendered, index), issues, index, before
    if not (args.org and (args.attachments or args.config)):
        raise CliError(
            "preview needs --org ORG with --attachments ATTACH and/or --config FILE, or --from-aws"
        )
    root = load_org(args.org)
    index = NodeIndex(root)
    resolve_all(root, specs, index)
    rendered, issues = render_specs(specs)
    return root, place(root, rendered, index), issues, index, None
