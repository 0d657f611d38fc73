"""Bootstrap a deployment: every stack a new organization needs before the first pipeline run.

``python -m orgbackup.deploy.bootstrap --config FILE [--execute] [--endpoint-url URL]``

Without ``--execute`` it prints the prerequisites and, in order, one AWS CLI command per
stack (management delegation, regional artifact buckets, central vault, pipeline). With it,
it creates or updates each stack, waits, and reports. A configuration that fails validation,
or a template that cannot be read or given its parameters, stops it before any AWS call.
With ``--endpoint-url`` (the local emulator) every stack is really created there; what the
emulator cannot model fails the stack loudly, as AWS would refuse it.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from orgbackup.deploy.aws_errors import AWS_ERRORS, describe_aws_error
from orgbackup.deploy.cloudformation import deploy_stack
from orgbackup.deploy.commands import deploy_command, prerequisites
from orgbackup.deploy.config import DeploymentConfig, load_config
from orgbackup.deploy.errors import ConfigError, DeployError
from orgbackup.deploy.irreversible import irreversible_choices
from orgbackup.deploy.policy_config import policy_target_warnings
from orgbackup.deploy.preflight import preflight, print_checks, read_only_clients
from orgbackup.deploy.sessions import AccountSessions
from orgbackup.deploy.stacks import StackInstance, stack_instances
from orgbackup.deploy.template_configs import SOLUTION_TAG, parameter_values, stack_parameters
from orgbackup.deploy.template_staging import (
    TEMPLATE_BODY_LIMIT,
    TEMPLATE_URL_LIMIT,
    stage_template,
)
from orgbackup.deploy.templates import TemplateInfo, read_template

__all__ = ["PlannedStack", "main", "plan"]

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class PlannedStack:
    """A bootstrap stack with its template and parameter values, ready to deploy."""

    instance: StackInstance
    template: TemplateInfo
    body: str
    parameters: dict[str, str]

    @property
    def staged(self) -> bool:
        """Too large to send inline: staged in the home Region's artifact bucket first."""
        return len(self.body.encode()) > TEMPLATE_BODY_LIMIT


def plan(config: DeploymentConfig, root: Path) -> list[PlannedStack]:
    """Every bootstrap stack in order, checked offline.

    Raises
    ------
    DeployError
        A template is missing, larger than CloudFormation reads from S3, or lacks a
        parameter value.
    """
    values = parameter_values(config, [])
    planned = []
    for instance in stack_instances(config, "bootstrap"):
        template = read_template(root / instance.spec.template)
        body = template.path.read_text(encoding="utf-8")
        size, name, region = len(body.encode()), instance.spec.template, instance.region
        if size > TEMPLATE_URL_LIMIT:
            raise DeployError(f"{name} exceeds {TEMPLATE_URL_LIMIT} bytes")
        if size > TEMPLATE_BODY_LIMIT and region not in config.artifact_regions:
            raise DeployError(
                f"{name} exceeds {TEMPLATE_BODY_LIMIT} bytes and {region} has no artifact"
                " bucket to stage it in"
            )
        parameters = stack_parameters(config, instance, template, values)
        planned.append(PlannedStack(instance, template, body, parameters))
    return planned


def _describe(step: int, stack: PlannedStack) -> str:
    instance = stack.instance
    return (
        f"{step}. {instance.stack_name} ({instance.spec.template}) "
        f"in account {instance.account}, {instance.region}"
    )


def _staged_url(config: DeploymentConfig, sessions: AccountSessions, stack: PlannedStack) -> str:
    region = stack.instance.region
    s3 = sessions.client(config.home.account, "s3", region)
    bucket = config.artifact_bucket(region)
    url = stage_template(s3, bucket, region, stack.template.path, stack.body)
    print(f"   template staged: {url}")
    return url


def _execute(config: DeploymentConfig, stacks: list[PlannedStack], args: argparse.Namespace) -> int:
    sessions = AccountSessions(config.cross_account_role, args.endpoint_url, config.home.region)
    if not args.skip_preflight:
        print("\nPreflight (read-only, management account):")
        management = sessions.session(config.management_account)
        checks = preflight(config, read_only_clients(management, args.endpoint_url))
        if print_checks(checks, sys.stdout):
            print("error: fix the failed prerequisites first; nothing was created", file=sys.stderr)
            return 1
    print("\nStacks, in order:")
    tags = {"Solution": SOLUTION_TAG, "Deployment": config.name}
    results: list[tuple[str, str]] = []
    for step, stack in enumerate(stacks, 1):
        print(_describe(step, stack), flush=True)
        cfn = sessions.cloudformation(stack.instance.account, stack.instance.region)
        try:
            url = _staged_url(config, sessions, stack) if stack.staged else None
            action = deploy_stack(
                cfn, stack.instance.stack_name, stack.body, stack.parameters, tags, args.poll, url
            )
        except DeployError as error:
            print(f"   FAILED: {error}", file=sys.stderr)
            print("   Fix the cause (docs/deployment.md, 'When a stack fails') and run again;")
            print("   stacks already done are updated in place, not recreated.", file=sys.stderr)
            return 1
        print(f"   {action}")
        results.append((stack.instance.stack_name, action))
    print("\nsummary")
    for name, outcome in results:
        print(f"  {name:<40} {outcome}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orgbackup.deploy.bootstrap")
    parser.add_argument("--config", type=Path, required=True, help="deployment configuration")
    parser.add_argument("--execute", action="store_true", help="create the stacks (else print)")
    parser.add_argument("--endpoint-url", help="AWS endpoint, e.g. the local emulator")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    parser.add_argument("--poll", type=int, default=15, help="seconds between status checks")
    parser.add_argument(
        "--skip-preflight",
        action="store_true",
        help="do not check the organization's prerequisites first (e.g. an emulated "
        "organization whose ids differ from the configuration's)",
    )
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config, args.root)
        stacks = plan(config, args.root)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except DeployError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for warning in irreversible_choices(config, args.root) + policy_target_warnings(config):
        print(f"warning: {warning}", file=sys.stderr)
    print("Prerequisites (management account, once; see docs/deployment.md):")
    for why, command in prerequisites(config):
        print(f"  # {why}\n  {command}")
    if not args.execute:
        print("\nStacks, in order:")
        for step, stack in enumerate(stacks, 1):
            print(_describe(step, stack))
            bucket = config.artifact_bucket(stack.instance.region) if stack.staged else None
            print(f"   {deploy_command(stack.instance, stack.parameters, bucket)}")
        print("\nNothing was changed; run again with --execute to create these stacks.")
        return 0
    try:
        return _execute(config, stacks, args)
    except AWS_ERRORS as error:
        print(f"error: {describe_aws_error(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
