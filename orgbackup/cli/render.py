"""``backup-policy render FILE``: the minified document on stdout, its size against the
10,000-character limit on stderr; exit 1 (issues on stderr) when it has issues."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from orgbackup.cli.checked import check_policy, read_policy
from orgbackup.cli.config_options import add_config_option, render_inputs
from orgbackup.cli.display import style_for, table
from orgbackup.cli.issue_rows import issue_rows
from orgbackup.cli.options import add_render_options

__all__ = ["SIZE_LIMIT", "add_parser", "run"]

# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
SIZE_LIMIT = 10_000


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``render``."""
    parser = commands.add_parser(
        "render",
        help="print the minified policy AWS would store",
        description="Render a policy file (variables, Regions) and print it minified.",
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="policy JSON file")
    add_render_options(parser)
    add_config_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the document even when validation finds issues, so they can be read in context."""
    given, regions, _ = render_inputs(args)
    checked = check_policy(read_policy(args.file), given, regions)
    if checked.content is not None:
        print(checked.content, file=out)
        size = len(checked.content)
        verdict = "within" if size <= SIZE_LIMIT else "OVER"
        share = f"{size / SIZE_LIMIT:.0%}"
        print(f"{size:,} of {SIZE_LIMIT:,} characters ({share}, {verdict} the limit)", file=err)
    for line in table(issue_rows(checked.issues, style_for(err))):
        print(line, file=err)
    return 1 if checked.issues else 0
