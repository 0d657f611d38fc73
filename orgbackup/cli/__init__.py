"""``backup-policy``: lint, render, preview and diff Organizations backup policies, a thin
command line over the engine (``backup_org_policy_manager.policy``). Guide: docs/cli.md."""

from __future__ import annotations

import argparse
import os
import sys

from orgbackup.cli import coverage, diff, lint, org_export, preflight, preview, render
from orgbackup.cli.errors import CliError

__all__ = ["build_parser", "main"]

EXIT_CLEAN, EXIT_ISSUES, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand; each sets ``run`` to its handler."""
    parser = argparse.ArgumentParser(
        prog="backup-policy",
        description="Check, render and preview AWS Organizations backup policies before"
        " deploying them. Exit codes: 0 clean, 1 issues (or changes, for diff), 2 usage error.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (lint, render, preview, diff, preflight, org_export, coverage):
        module.add_parser(commands)
    return parser


def _client_setup_error(error: Exception) -> str | None:
    """One line for an AWS client that could not be made or used (a missing profile, no
    credentials, an endpoint without its scheme, e.g. from AWS_ENDPOINT_URL), else None."""
    if "botocore" not in sys.modules:  # never imported: not an AWS error
        return None
    from orgbackup.deploy.aws_errors import AWS_ERRORS, describe_aws_error

    if isinstance(error, AWS_ERRORS):
        return describe_aws_error(error)
    if isinstance(error, ValueError) and str(error).startswith("Invalid endpoint"):
        return f"{error}: an endpoint URL starts with http:// or https://"
    return None


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit code (argparse exits 2 itself on bad usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args, sys.stdout, sys.stderr)
    except CliError as error:
        parser.exit(EXIT_USAGE, f"{parser.prog}: error: {error}\n")
    except Exception as error:
        message = _client_setup_error(error)
        if message is None:
            raise
        parser.exit(EXIT_USAGE, f"{parser.prog}: error: {message}\n")
    except BrokenPipeError:
        # The reader went away (`... | head`); stop quietly, as the Python docs advise:
        # https://docs.python.org/3/library/signal.html#note-on-sigpipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ISSUES
    return code
