"""``backup-policy diff --attachments ATTACH`` (and/or ``--config FILE``): what deploying those
policies would change in the organization, read through read-only Organizations calls. Exit 0
when nothing would change, 1 when something would (or a policy has issues), like diff(1)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from orgbackup.cli import aws_reader
from orgbackup.cli.config_options import add_config_option
from orgbackup.cli.diff_model import Diff, PolicyChange, diff
from orgbackup.cli.display import Style, style_for, table
from orgbackup.cli.errors import CliError
from orgbackup.cli.options import add_aws_options
from orgbackup.cli.orgtree import NodeIndex
from orgbackup.cli.preview_view import PolicyIssue
from orgbackup.cli.proposal import proposed_specs, render_specs, resolve_all

__all__ = ["add_parser", "run"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``diff``."""
    parser = commands.add_parser(
        "diff",
        help="show what deploying ATTACH (or a configuration) would change in the organization",
        description="Compare the rendered policies and targets of ATTACH and/or the policies"
        " --config deploys with the organization (read-only); policies are matched by exact name.",
    )
    parser.add_argument("--attachments", metavar="ATTACH", type=Path, help="ATTACH file")
    add_config_option(parser)
    add_aws_options(parser)
    parser.add_argument("--json", action="store_true", help="print the changes as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """0 when the organization already matches; 1 on any change or policy issue."""
    specs = proposed_specs(args)
    if not specs:
        raise CliError("diff needs --attachments ATTACH and/or --config FILE")
    rendered, issues = render_specs(specs)
    live = aws_reader.read(aws_reader.organizations_client(args.endpoint_url, args.region))
    resolve_all(live.root, specs, NodeIndex(live.root))
    result = diff(live, rendered)
    if args.json:
        print(json.dumps(_json(result, issues), indent=2, ensure_ascii=False), file=out)
    else:
        for line in _text(result, issues, style_for(out)):
            print(line, file=out)
    return 1 if result.any or issues else 0


def _text(result: Diff, issues: list[PolicyIssue], style: Style) -> list[str]:
    lines: list[str] = []
    if issues:
        heading = f"Policy issues ({len(issues)}): not rendered, or refused by AWS"
        lines.append(style(heading, "bold"))
        rows = [[name, i["path"], style(i["code"], "red"), i["message"]] for name, _, i in issues]
        lines += [*table(rows, indent="  "), ""]
    for change in result.changes:
        lines += _change_text(change, style)
    if result.unmanaged:
        lines += ["", style("In the organization, not in the ATTACH file (left alone)", "bold")]
        rows = [[p.name, p.id, f"{len(p.targets)} target(s)"] for p in result.unmanaged]
        lines += table(rows, indent="  ")
    counts = {a: sum(c.action == a for c in result.changes) for a in ("create", "update")}
    attach = sum(len(c.attach) for c in result.changes)
    detach = sum(len(c.detach) for c in result.changes)
    lines += [
        "",
        f"{counts['create']} to create, {counts['update']} to update, {attach} attachment(s) to"
        f" add, {detach} to remove; {len(result.unmanaged)} policy(ies) not in the ATTACH file",
    ]
    return lines


def _change_text(change: PolicyChange, style: Style) -> list[str]:
    word = change.action if change.action != "unchanged" or not change.changes else "retarget"
    colour = {"create": "green", "update": "yellow", "retarget": "yellow"}.get(word, "dim")
    ident = f" ({change.policy_id})" if change.policy_id else ""
    lines = [f"{style(word.ljust(9), colour, 'bold')} {change.name}{ident}"]
    if change.description:
        old, new = change.description
        lines.append(f"    description: {old!r} -> {new!r}")
    for line in change.content_diff:
        shade = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1])
        lines.append("    " + (style(line, shade) if shade else line))
    lines += [f"    {style('+ attach', 'green')} {n.label_path}" for n in change.attach]
    lines += [f"    {style('- detach', 'red')} {n.label_path}" for n in change.detach]
    return lines


def _json(result: Diff, issues: list[PolicyIssue]) -> dict[str, object]:
    return {
        "changed": result.any,
        "policies": [
            {
                "name": c.name,
                "action": c.action,
                "id": c.policy_id,
                "content_diff": list(c.content_diff),
                "description": list(c.description) if c.description else None,
                "attach": [{"path": n.path, "id": n.id} for n in c.attach],
                "detach": [{"path": n.path, "id": n.id} for n in c.detach],
            }
            for c in result.changes
        ],
        "unmanaged": [
            {"name": p.name, "id": p.id, "targets": list(p.targets)} for p in result.unmanaged
        ],
        "issues": [{"policy": name, "file": file, **i} for name, file, i in issues],
    }
