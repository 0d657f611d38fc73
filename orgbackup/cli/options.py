"""Options several subcommands share: ``--var NAME=VALUE``, ``--regions R1,R2`` and the AWS
endpoint, parsed by argparse so a malformed one is a usage error (exit 2)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from orgbackup.cli.checked import variable_key

__all__ = [
    "add_aws_options",
    "add_render_options",
    "parse_endpoint",
    "parse_regions",
    "parse_var",
    "variables",
]


def parse_var(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` -> (``${NAME}``, value); the value may itself contain ``=``."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return variable_key(name.strip()), value


def parse_regions(text: str) -> tuple[str, ...]:
    """``us-east-1,eu-west-1`` -> a tuple of names (the engine's validation judges them)."""
    names = tuple(dict.fromkeys(r.strip() for r in text.split(",") if r.strip()))
    if not names:
        raise argparse.ArgumentTypeError("expected at least one Region, e.g. us-east-1,eu-west-1")
    return names


def parse_endpoint(text: str) -> str:
    """An endpoint URL with its scheme (botocore refuses ``127.0.0.1:4566`` with a traceback)."""
    if not text.startswith(("http://", "https://")) or len(text.split("://", 1)[1]) == 0:
        raise argparse.ArgumentTypeError(
            f"expected a URL with its scheme, e.g. http://127.0.0.1:4566, got {text!r}"
        )
    return text


def variables(pairs: Sequence[tuple[str, str]] | None) -> dict[str, str]:
    """The ``--var`` pairs as the engine's variables (a later one wins)."""
    return dict(pairs or ())


def add_render_options(parser: argparse.ArgumentParser) -> None:
    """``--var`` (repeatable) and ``--regions``, as ``render()`` takes them."""
    parser.add_argument(
        "--var",
        dest="variables",
        metavar="NAME=VALUE",
        type=parse_var,
        action="append",
        help="replace ${NAME} in the policy with VALUE (repeatable)",
    )
    parser.add_argument(
        "--regions",
        metavar="R1,R2",
        type=parse_regions,
        help="set every plan's regions to {'@@assign': [R1, R2]}",
    )


def add_aws_options(parser: argparse.ArgumentParser) -> None:
    """``--endpoint-url`` and ``--region`` for the read-only Organizations client."""
    parser.add_argument(
        "--endpoint-url",
        metavar="URL",
        type=parse_endpoint,
        help="Organizations endpoint (default: boto3's, which honours AWS_ENDPOINT_URL)",
    )
    parser.add_argument("--region", metavar="R", help="client Region (default: us-east-1)")
