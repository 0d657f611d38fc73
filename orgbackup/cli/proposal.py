"""The policies a command is asked to deploy: those of an ATTACH file and/or those a deployment
configuration deploys (``--config``), each rendered and validated once."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from orgbackup.cli.attach_file import PolicySpec, load_attachments
from orgbackup.cli.checked import check_policy, read_policy
from orgbackup.cli.config_options import TARGET_OUS, deployed_policies, load_deployment
from orgbackup.cli.errors import CliError, InputFileError
from orgbackup.cli.orgtree import Node, NodeIndex
from orgbackup.cli.placement import resolve_targets
from orgbackup.cli.preview_view import PolicyIssue

__all__ = ["Rendered", "proposed_specs", "render_specs", "resolve_all"]

# Each policy that could be rendered, with its minified document.
Rendered = list[tuple[PolicySpec, str]]


def proposed_specs(args: argparse.Namespace) -> list[PolicySpec]:
    """``--attachments``' policies, then ``--config``'s; empty when neither is given.

    Raises
    ------
    InputFileError
        A file breaks its format, or both name a policy of the same name.
    CliError
        The configuration fails validation.
    """
    specs = load_attachments(args.attachments) if args.attachments else []
    if args.config:
        for spec in deployed_policies(load_deployment(args.config), str(args.config)):
            clash = next((s for s in specs if s.name == spec.name), None)
            if clash is not None:
                message = f"policy {spec.name!r} is also deployed by {args.config}; give it once"
                raise InputFileError(clash.source, clash.where, message)
            specs.append(spec)
    return specs


def render_specs(specs: Sequence[PolicySpec]) -> tuple[Rendered, list[PolicyIssue]]:
    """Render and validate each policy; the ones that render, and every issue found."""
    rendered: Rendered = []
    issues: list[PolicyIssue] = []
    for spec in specs:
        checked = check_policy(read_policy(spec.file), spec.variables, spec.regions)
        issues += [(spec.name, str(spec.file), i.to_dict()) for i in checked.issues]
        if checked.content is not None:
            rendered.append((spec, checked.content))
    return rendered, issues


def resolve_all(root: Node, specs: Sequence[PolicySpec], index: NodeIndex) -> None:
    """Check that every target names a node of ``root``, before anything is rendered.

    Raises
    ------
    InputFileError
        A target of an ATTACH file names no node (or one node twice).
    CliError
        The same for a configuration's target, naming its field (``$.organization.target_ous[0]``).
    """
    for spec in specs:
        try:
            resolve_targets(root, spec, index)
        except InputFileError as error:
            if spec.where != TARGET_OUS:
                raise
            raise CliError(str(error).replace(f"{TARGET_OUS}.targets[", f"{TARGET_OUS}[")) from None
