"""``backup-policy preview``: the effective backup policy of every account, from ORG and
ATTACH files or read from AWS (read-only), as an org tree, as JSON, or for one account."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from backup_org_policy_manager.policy import PolicyValidationError
from local.cli import aws_reader
from local.cli.attach_file import load_attachments
from local.cli.checked import check_policy, read_policy
from local.cli.display import style_for
from local.cli.errors import CliError
from local.cli.options import add_aws_options
from local.cli.org_file import load_org
from local.cli.orgtree import Node
from local.cli.placement import Placement, place, resolve_targets
from local.cli.preview_model import preview
from local.cli.preview_view import PolicyIssue, preview_json, preview_text, strict_failures

__all__ = ["add_parser", "run"]


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
    parser.add_argument(
        "--from-aws", action="store_true", help="read the organization and its policies instead"
    )
    add_aws_options(parser)
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--account", metavar="ID", help="print one account's effective document")
    shown.add_argument("--json", action="store_true", help="print the preview as JSON")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 on an incomplete plan or ignored operation"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """0 when clean; 1 on policy issues, or with ``--strict`` on incomplete or ignored."""
    root, placement, issues = _inputs(args)
    try:
        result = preview(root, placement)
    except PolicyValidationError as error:
        raise CliError(f"an attached policy cannot be merged: {error.reason()}") from None
    failed = bool(issues) or (args.strict and strict_failures(result) > 0)
    if args.account:
        found = result.find(args.account)
        if found is None:
            raise CliError(f"no account {args.account} in the organization")
        print(json.dumps(found.effective.document, indent=2, ensure_ascii=False), file=out)
        own = sum(found.status(p) == "incomplete" for p in result.plans)
        return 1 if issues or (args.strict and own) else 0
    if args.json:
        print(json.dumps(preview_json(result, issues), indent=2, ensure_ascii=False), file=out)
    else:
        for line in preview_text(root, placement, result, issues, style_for(out)):
            print(line, file=out)
    return 1 if failed else 0


def _inputs(args: argparse.Namespace) -> tuple[Node, Placement, list[PolicyIssue]]:
    if args.from_aws:
        if args.org or args.attachments:
            raise CliError("--from-aws reads the organization: leave out --org and --attachments")
        live = aws_reader.read(aws_reader.organizations_client(args.endpoint_url, args.region))
        return live.root, live.placement(), []
    if not (args.org and args.attachments):
        raise CliError("preview needs --org ORG and --attachments ATTACH, or --from-aws")
    root = load_org(args.org)
    specs = load_attachments(args.attachments)
    for spec in specs:
        resolve_targets(root, spec)
    rendered, issues = [], []
    for spec in specs:
        checked = check_policy(read_policy(spec.file), spec.variables, spec.regions)
        issues += [(spec.name, str(spec.file), i.to_dict()) for i in checked.issues]
        if checked.content is not None:
            rendered.append((spec, checked.content))
    return root, place(root, rendered), issues
