"""Who deploys each template: the StackSets execution role, the roles the pipeline's
CloudFormation actions pass (and its service role, which calls CloudFormation), the bootstrap."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from orgbackup.deploy.config import DeploymentConfig
from orgbackup.deploy.stacks import STACKS, STACKSET_BODIES
from tests.templates.deployments import Deployment
from tests.templates.deployments import deployments as longest_deployments
from tests.templates.handler_permissions import stack_roles
from tests.templates.self_lockout.naming import PIPELINE, deployments, repository_templates
from tests.templates.self_lockout.stack import Stack

__all__ = [
    "BOOTSTRAP_ROLE_NAME",
    "BOOTSTRAP_STACK_OPERATIONS",
    "EXECUTION_ROLE_NAME",
    "PIPELINE_STACK_OPERATIONS",
    "Deployer",
    "NoDeployerError",
    "PipelineAction",
    "Principal",
    "bootstrap_role_name",
    "deployers_of",
    "pipeline_actions",
]

# A service-managed StackSet runs each instance stack as the role StackSets creates in the
# target account, stacksets-exec-<32 hexadecimal characters>.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html
EXECUTION_ROLE_NAME = "stacksets-exec-" + "0123456789abcdef" * 2
# The role the bootstrap assumes in the home account (``bootstrap.cross_account_role``).
BOOTSTRAP_ROLE_NAME = str(DeploymentConfig.__dataclass_fields__["cross_account_role"].default)
# The calls each kind of stack caller makes on its stack. The pipeline's CloudFormation action
# (CREATE_UPDATE) describes, creates or updates the stack and passes its role:
# https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html
PIPELINE_STACK_OPERATIONS = ("DescribeStacks", "CreateStack", "UpdateStack")
# orgbackup/deploy/cloudformation.py: describe_stacks, describe_stack_events, create_stack,
# update_stack.
BOOTSTRAP_STACK_OPERATIONS = ("DescribeStacks", "DescribeStackEvents", "CreateStack", "UpdateStack")


class NoDeployerError(LookupError):
    """Raised for a template the check does not know who deploys."""


@dataclass(frozen=True)
class Principal:
    """A role that deploys: what it is, and its ARN."""

    label: str
    arn: str

    @property
    def account(self) -> str:
        return self.arn.split(":")[4]


@dataclass(frozen=True)
class Deployer:
    """Who runs a stack's handlers, and who (if anyone) makes its stack calls and passes
    which role to CloudFormation."""

    handlers: Principal
    caller: Principal | None
    caller_operations: tuple[str, ...] = ()
    passes: str | None = None


@dataclass(frozen=True, slots=True)
class PipelineAction:
    """One CloudFormation action of the pipeline: the role it passes, and the pipeline's."""

    label: str
    role: str
    service_role: str


def _role_arn(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


@cache
def pipeline_actions(name: str | None) -> dict[str, list[PipelineAction]]:
    """template -> the pipeline's CloudFormation actions that deploy it, read from the rendered
    pipeline by ``handler_permissions.stack_roles`` (one pipeline, with the roles, at a time)."""
    stack = Stack.of(deployments(PIPELINE, name)[0])
    roles = {k: r for k, r in stack.resources.items() if r["Type"] == "AWS::IAM::Role"}
    found: dict[str, list[PipelineAction]] = {}
    for logical_id, resource in stack.resources.items():
        if resource["Type"] != "AWS::CodePipeline::Pipeline":
            continue
        service_role = resource["Properties"]["RoleArn"]
        for action in stack_roles({"Resources": {**roles, logical_id: resource}}, stack.place):
            # stack_roles names the role by logical id when it is one of the stack's roles.
            role = stack.arns[action.role][0] if action.role in roles else action.role
            found.setdefault(action.template, []).append(
                PipelineAction(f"pipeline role {action.role}", role, service_role)
            )
    return found


@cache
def bootstrap_role_name() -> str:
    """The bootstrap's role name as the deployments pass it to templates that name it
    (``BootstrapRoleName``), else the configuration's default."""
    for template in repository_templates():
        for deployment in longest_deployments(template)[:1]:
            if "BootstrapRoleName" in deployment.parameters:
                return str(deployment.parameters["BootstrapRoleName"])
    return BOOTSTRAP_ROLE_NAME


def deployers_of(deployment: Deployment, name: str | None) -> list[Deployer]:
    """Who deploys a template (orgbackup/deploy/stacks.py, docs/deployment.md): a StackSet body
    the StackSets execution role; a stack of one of the pipeline's CloudFormation actions the
    role the action names, its stack calls made by the pipeline's service role; a bootstrap
    stack (the pipeline stack too, which the bootstrap creates and may re-run) the bootstrap's
    role, which makes both."""
    template, account = deployment.template, deployment.account_id
    if any(body.template == template for body in STACKSET_BODIES):
        execution_role = _role_arn(account, EXECUTION_ROLE_NAME)
        return [Deployer(Principal("StackSets execution role", execution_role), None)]
    found = []
    for action in pipeline_actions(name).get(template, []):
        caller = Principal("pipeline service role", action.service_role)
        found.append(
            Deployer(
                Principal(action.label, action.role),
                caller,
                PIPELINE_STACK_OPERATIONS,
                action.role,
            )
        )
    if any(spec.template == template and spec.deployed_by == "bootstrap" for spec in STACKS):
        bootstrap = Principal("bootstrap principal", _role_arn(account, bootstrap_role_name()))
        found.append(Deployer(bootstrap, bootstrap, BOOTSTRAP_STACK_OPERATIONS))
    if not found:
        raise NoDeployerError(
            f"{template}: no StackSet, pipeline action or bootstrap step deploys it"
        )
    return found
