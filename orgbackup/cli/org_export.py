"""``backup-policy org export --out ORG``: the live organization (read-only) as an ORG file, and
its backup policies and their attachments as an ATTACH file with one JSON file per policy, so
``preview --org ORG --attachments ATTACH`` shows what ``preview --from-aws`` shows."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any, TextIO

import yaml

from orgbackup.cli import aws_reader
from orgbackup.cli.errors import CliError
from orgbackup.cli.options import add_aws_options
from orgbackup.cli.orgtree import Node, walk

__all__ = ["add_parser", "export_attachments", "export_org", "run"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``org export``."""
    org = commands.add_parser("org", help="read the live organization (read-only)")
    actions = org.add_subparsers(dest="org_command", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="write the organization as an ORG file and its backup policies as an ATTACH file",
        description="Read the organization and its backup policies (read-only) and write them"
        " in the formats preview --org and --attachments read.",
    )
    export.add_argument("--out", metavar="ORG", type=Path, required=True, help="ORG file to write")
    export.add_argument(
        "--attachments-out",
        metavar="ATTACH",
        type=Path,
        help="ATTACH file to write (default: ORG's name with .attachments.yaml); the policy"
        " documents go in the folder ATTACH's name without .yaml, plus -policies",
    )
    add_aws_options(export)
    export.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """0 once both files are written; reading AWS or writing a file failing is exit 2."""
    org_path: Path = args.out
    attach_path: Path = args.attachments_out or org_path.with_name(
        f"{org_path.stem}.attachments.yaml"
    )
    live = aws_reader.read(aws_reader.organizations_client(args.endpoint_url, args.region))
    attached = [p for p in live.policies if p.targets]
    try:
        _write_yaml(org_path, export_org(live.root))
        _write_yaml(attach_path, export_attachments(attached, attach_path))
    except OSError as error:
        raise CliError(f"{error.filename}: cannot write: {error.strerror}") from None
    accounts = sum(chain[-1].kind == "account" for chain in walk(live.root))
    print(f"wrote {org_path} ({accounts} account(s)) and {attach_path}", file=err)
    skipped = len(live.policies) - len(attached)
    print(f"{len(attached)} backup policy(ies) exported", file=err)
    if skipped:
        print(f"note: {skipped} backup policy(ies) attached nowhere were left out", file=err)
    return 0


def export_org(root: Node) -> dict[str, Any]:
    """The ORG file's content for ``root`` (names and ids of every node).

    Raises
    ------
    CliError
        A name contains ``/``, which the ORG file uses to separate path parts.
    """
    return {"root": _container(root)}


def _container(node: Node) -> dict[str, Any]:
    if "/" in node.name:
        raise CliError(f"{node.label_path}: a name with '/' cannot be written to an ORG file")
    ous = [_container(child) for child in node.children if child.kind != "account"]
    accounts = [{"name": c.name, "id": c.id} for c in node.children if c.kind == "account"]
    for child in node.children:
        if child.kind == "account" and "/" in child.name:
            raise CliError(f"{child.label_path}: a name with '/' cannot be written to an ORG file")
    found: dict[str, Any] = {"name": node.name, "id": node.id}
    if accounts:
        found["accounts"] = accounts
    if ous:
        found["ous"] = ous
    return found


def export_attachments(policies: list[aws_reader.LivePolicy], attach: Path) -> dict[str, Any]:
    """The ATTACH file's content, in ``ListPolicies`` order (the order ``--from-aws`` attaches
    them in); writes each document, indented, to the policies folder beside ``attach``."""
    folder = attach.with_name(f"{attach.stem}-policies")
    folder.mkdir(parents=True, exist_ok=True)
    entries, used = [], set()
    for policy in policies:
        stem = _UNSAFE.sub("_", policy.name) or policy.id
        if stem in used:
            stem = f"{stem}-{policy.id}"
        used.add(stem)
        (folder / f"{stem}.json").write_text(_indented(policy.content), encoding="utf-8")
        entry: dict[str, Any] = {"name": policy.name}
        if policy.description:
            entry["description"] = policy.description
        entry["file"] = f"{folder.name}/{stem}.json"
        entry["targets"] = list(policy.targets)
        entries.append(entry)
    return {"policies": entries}


def _indented(content: str) -> str:
    try:
        return json.dumps(json.loads(content), indent=2, ensure_ascii=False) + "\n"
    except ValueError:
        return content  # not JSON: kept as AWS has it, for lint and preview to report


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]
    """Quotes every all-digit string: an account id such as 012345678901 stays a string for
    every YAML reader (YAML 1.2 readers take an unquoted one for a number)."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        style = "'" if data.isdigit() else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _Dumper.represent_str)


def _write_yaml(path: Path, content: dict[str, Any]) -> None:
    header = "# Written by `backup-policy org export` (format: docs/cli.md).\n"
    body = yaml.dump(content, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header + body, encoding="utf-8")
