"""``backup-policy preflight --config FILE``: whether the organization is ready for the
deployment the configuration describes (read-only; prints the command that fixes each failure)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from orgbackup.cli.errors import CliError
from orgbackup.cli.options import parse_endpoint

__all__ = ["add_parser", "run"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``preflight``."""
    parser = commands.add_parser(
        "preflight",
        help="check the organization's prerequisites for a deployment (read-only)",
        description="Run with the management account's credentials. Checks the organization id,"
        " all features, the backup and SCP policy types, trusted access and delegated"
        " administration for StackSets, trusted access for AWS Backup, the target OUs, the home"
        " and central accounts, and cross-account backup in every Region copies leave from.",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        required=True,
        help="deployment configuration (deploy/config.example.yaml documents it)",
    )
    parser.add_argument(
        "--endpoint-url", metavar="URL", type=parse_endpoint, help="AWS endpoint, e.g. the emulator"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """0 when every prerequisite holds, 1 when one fails; a usage or AWS error is exit 2."""
    # Imported here: the configuration check loads cfn-lint's Region schemas (about 1.5 s),
    # which the other subcommands must not pay for.
    import boto3

    from orgbackup.deploy.aws_errors import AWS_ERRORS, describe_aws_error
    from orgbackup.deploy.config import load_config
    from orgbackup.deploy.errors import ConfigError
    from orgbackup.deploy.preflight import preflight, print_checks, read_only_clients

    try:
        config = load_config(args.config)
    except ConfigError as error:
        raise CliError(str(error)) from None
    try:
        checks = preflight(config, read_only_clients(boto3.session.Session(), args.endpoint_url))
    except AWS_ERRORS as error:
        raise CliError(describe_aws_error(error)) from None
    return 1 if print_checks(checks, out) else 0
