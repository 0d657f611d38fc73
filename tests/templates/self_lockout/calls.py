"""What each deployment asks of its deployers: every handler permission of every resource
(``registry.py``), aimed at the resources it names, the stack calls, and the functions' calls."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rehearsal.emulator.iam_policy import Request
from tests.templates import sar
from tests.templates.deployments import Deployment
from tests.templates.registry import handler_permissions
from tests.templates.self_lockout.deployers import deployers_of
from tests.templates.self_lockout.function_calls import function_calls
from tests.templates.self_lockout.naming import deployments, repository_templates
from tests.templates.self_lockout.requests import Call, org_id, requests_for
from tests.templates.self_lockout.stack import Stack

__all__ = ["HANDLERS", "calls_of", "repository_calls"]

# CloudFormation calls the delete handler only for a resource it does not retain, and reads
# after it writes. https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
HANDLERS = ("create", "update", "delete", "read")


def _with_keys(request: Request, stack: Stack, resource: Mapping[str, Any]) -> Request:
    """Service keys a handler's request carries: the aliases of a key it acts on, the type of
    an Organizations policy it writes."""
    context = dict(request.context)
    action = request.action.lower()
    if action.startswith("kms:") and request.resource and ":key/" in request.resource:
        aliases = stack.aliases(request.resource)
        if aliases:
            context["kms:ResourceAliases"] = aliases
    if action.startswith("organizations:") and resource["Type"] == "AWS::Organizations::Policy":
        context["organizations:PolicyType"] = (str(resource["Properties"]["Type"]),)
    return Request(request.principal_arn, request.action, request.resource, context)


def calls_of(deployment: Deployment, name: str | None = None) -> list[Call]:
    """Every request the deployers of ``deployment`` make to create, update and delete it
    (``name``: the configuration name its pipeline's stacks have)."""
    stack = Stack.of(deployment)
    org = org_id()
    found: list[Call] = function_calls(deployment)
    for deployer in deployers_of(deployment, name):
        for logical_id, resource in stack.resources.items():
            permissions = handler_permissions(resource["Type"])
            targets = stack.targets(logical_id)
            for handler in HANDLERS:
                if handler == "delete" and stack.retained(logical_id):
                    continue
                for action in permissions.get(handler, ()):
                    where = f"{deployment.template} {logical_id} ({handler} handler)"
                    for request in requests_for(deployer.handlers, action, targets, org):
                        found.append(
                            Call(deployer.handlers, _with_keys(request, stack, resource), where)
                        )
        if deployer.caller is not None:
            where = f"{deployment.template} (stack {deployment.stack_name})"
            for operation in deployer.caller_operations:
                for action in sar.operation_action("cloudformation", operation):
                    for request in requests_for(deployer.caller, action, [stack.stack_arn], org):
                        found.append(Call(deployer.caller, request, where))
            if deployer.passes:
                for request in requests_for(
                    deployer.caller, "iam:PassRole", [deployer.passes], org
                ):
                    found.append(Call(deployer.caller, request, where))
    return found


def repository_calls(name: str | None = None) -> list[Call]:
    """Every call every deployer makes, over every deployment variant of every template
    (stacks named ``name``; None: the longest name)."""
    return [
        call
        for template in repository_templates()
        for deployment in deployments(template, name)
        for call in calls_of(deployment, name)
    ]
