"""``backup-policy lint FILE...``: render (variables, Regions) and validate each policy file;
every issue as ``file  json_path  code  message``; exit 1 on any issue. With ``--config`` and no
FILE, every policy the configuration deploys."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from orgbackup.cli.checked import check_policy, read_policy
from orgbackup.cli.config_options import add_config_option, deployed_policies, render_inputs
from orgbackup.cli.display import style_for, table
from orgbackup.cli.errors import CliError
from orgbackup.cli.issue_rows import issue_rows
from orgbackup.cli.options import add_render_options

__all__ = ["add_parser", "run"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lint``."""
    parser = commands.add_parser(
        "lint",
        help="validate policy files",
        description="Render each policy file (variables, Regions), then validate it.",
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        type=Path,
        help="policy JSON file (default with --config: every policy it deploys)",
    )
    add_render_options(parser)
    add_config_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Lint every file; 0 when all are clean, 1 when any has an issue."""
    given, regions, config = render_inputs(args)
    files: list[Path] = args.files
    if not files and config is None:
        raise CliError("lint needs FILE... or --config FILE (to lint every policy it deploys)")
    if not files and config is not None:
        files = list(dict.fromkeys(spec.file for spec in deployed_policies(config, args.config)))
    texts = {file: read_policy(file) for file in files}  # unreadable: exit 2 before any output
    style, rows, dirty, unrendered = style_for(out), [], 0, 0
    for file, text in texts.items():
        checked = check_policy(text, given, regions)
        rows += issue_rows(checked.issues, style, file=str(file))
        dirty += bool(checked.issues)
        unrendered += checked.content is None
    for line in table(rows):
        print(line, file=out)
    count = len(rows)
    summary = f"{len(files)} file(s) checked, {count} issue(s) in {dirty} file(s)"
    print(summary if count else f"{len(files)} file(s) checked, no issues", file=err)
    if unrendered:
        # The values are checked on the rendered document, which these files do not have yet.
        print(f"note: {unrendered} file(s) could not be rendered, so only the issues above were"
              " checked in them; fix those (give every variable with --var) to check the rest",
              file=err)  # fmt: skip
    return 1 if count else 0
