"""``backup-policy coverage``: which resources the effective backup policies protect, with which
plan and rule, and why the others are not; from an inventory file or read from AWS
(read-only). A thin command over ``orgbackup.coverage``. Guide: docs/coverage.md."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from backup_org_policy_manager.policy.checks.regions import AWS_REGIONS
from orgbackup.cli.errors import CliError
from orgbackup.cli.options import parse_endpoint, parse_regions
from orgbackup.coverage import AccountPolicy, account_policy
from orgbackup.coverage.assess import assess
from orgbackup.coverage.aws_inventory import DEFAULT_ROLE_NAME, AwsSource, read_inventory
from orgbackup.coverage.inventory import Inventory, load_inventory, to_json
from orgbackup.coverage.org_policies import org_policies
from orgbackup.coverage.report_json import json_report
from orgbackup.coverage.require import RequireError, parse_requirement, picks, violations
from orgbackup.coverage.views import markdown_report, text_report

__all__ = ["add_parser", "run"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``coverage``."""
    parser = commands.add_parser(
        "coverage",
        help="list every resource with the plan and rule that protect it, or why none does",
        description="Evaluate backup selections as AWS Backup does, per resource; roll up per"
        " account and OU. Exit codes: 0 every --require met, 1 one is not, 2 usage error.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--inventory", metavar="FILE", type=Path, help="inventory file (YAML/JSON)")
    source.add_argument("--from-aws", action="store_true", help="read the resources from AWS")
    parser.add_argument("--org", metavar="ORG", type=Path, help="ORG file: compute the policies")
    parser.add_argument("--attachments", metavar="ATTACH", type=Path, help="ATTACH file")
    parser.add_argument("--regions", metavar="R1,R2", type=parse_regions, help="Regions to read")
    parser.add_argument(
        "--account", metavar="ID", action="append", help="only this account (repeatable; 'self')"
    )
    parser.add_argument("--role-name", default=DEFAULT_ROLE_NAME, help="role to assume per account")
    parser.add_argument(
        "--endpoint-url", metavar="URL", type=parse_endpoint, help="AWS endpoint, e.g. the emulator"
    )
    parser.add_argument("--save-inventory", metavar="FILE", type=Path, help="write what was read")
    parser.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="report format"
    )
    parser.add_argument(
        "--require", metavar="RULE", action="append", default=[], help="e.g. 'all => protected'"
    )
    parser.add_argument("--central-vault", metavar="ARN", help="what copy-to=central means")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """0 when every ``--require`` holds, 1 when one does not."""
    try:
        rules = [parse_requirement(text, args.central_vault) for text in args.require]
    except RequireError as error:
        raise CliError(f"--require: {error}") from None
    if bool(args.org) != bool(args.attachments):
        raise CliError("--org and --attachments go together")
    inventory = _inventory(args)
    computed, ous = org_policies(args.org, args.attachments) if args.org else ({}, {})
    policies = {
        a.id: _policy(a.id, a.effective_policy, a.policy_known, computed)
        for a in inventory.accounts
    }
    assessment = assess(inventory, policies, ous)
    failures = [
        f"{rule.text}: {line}" for rule in rules for line in violations(rule, assessment.results)
    ]
    if args.format == "json":
        json.dump(json_report(assessment, failures), out)  # compact: C encoder, large reports
        out.write("\n")
    else:
        view = markdown_report if args.format == "markdown" else text_report
        out.writelines(f"{line}\n" for line in view(assessment, failures))
    for rule in rules:
        # A gate that picks nothing passes vacuously: say so, since a typo is the usual cause.
        if not any(picks(rule, result) for result in assessment.results):
            print(f"warning: --require {rule.text!r} selects no resource", file=err)
    if failures:
        print(f"{len(failures)} requirement failure(s)", file=err)
    return 1 if failures else 0


def _inventory(args: argparse.Namespace) -> Inventory:
    if args.inventory:
        if args.regions or args.account or args.save_inventory:
            raise CliError("--regions, --account and --save-inventory go with --from-aws")
        return load_inventory(args.inventory)
    if not args.regions:
        raise CliError("--from-aws needs --regions R1,R2")
    unknown = [region for region in args.regions if region not in AWS_REGIONS]
    if unknown:
        raise CliError(f"--regions: {', '.join(unknown)} is not an AWS Region")
    source = AwsSource(args.regions, args.role_name, args.endpoint_url, tuple(args.account or ()))
    inventory = read_inventory(source)
    if args.save_inventory:
        args.save_inventory.write_text(json.dumps(to_json(inventory), indent=2) + "\n")
    return inventory


def _policy(
    account_id: str,
    given: object,
    known: bool,
    computed: dict[str, dict[str, object] | None],
) -> AccountPolicy | None:
    if computed:
        if account_id not in computed:
            raise CliError(f"account {account_id} is not in the ORG file")
        return account_policy(computed[account_id])
    if not known:
        raise CliError(
            f"no effective policy for account {account_id}: give effective_policy in the"
            " inventory, or --org ORG --attachments ATTACH"
        )
    return account_policy(given if isinstance(given, dict) else None)
