"""Create or update one stack, wait for it, and explain a failure from the stack's events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from botocore.exceptions import ClientError, WaiterError

from orgbackup.deploy.errors import StackFailedError

__all__ = ["StackAction", "deploy_stack"]

StackAction = Literal["created", "updated", "unchanged"]
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
# A stack in one of these states cannot be updated; it must be deleted and created again.
_DEAD_ENDS = {"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED", "CREATE_FAILED"}


def _status(cfn: Any, stack_name: str) -> str | None:
    try:
        stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    return str(stacks[0]["StackStatus"]) if stacks else None


def failure_reasons(cfn: Any, stack_name: str, limit: int = 5) -> list[str]:
    """The first resource failures of the stack's latest events, oldest first."""
    reasons = []
    paginator = cfn.get_paginator("describe_stack_events")
    for page in paginator.paginate(StackName=stack_name):
        for event in page["StackEvents"]:
            if str(event.get("ResourceStatus", "")).endswith("FAILED"):
                reason = event.get("ResourceStatusReason", "no reason given")
                reasons.append(f"{event['LogicalResourceId']}: {reason}")
    return list(reversed(reasons))[:limit]


def deploy_stack(
    cfn: Any,
    stack_name: str,
    template_body: str,
    parameters: Mapping[str, str],
    tags: Mapping[str, str],
    poll_seconds: int = 15,
    template_url: str | None = None,
) -> StackAction:
    """Create ``stack_name`` or update it in place, then wait until it settles.

    With ``template_url`` (a template staged in S3) the body is not sent inline.

    Raises
    ------
    StackFailedError
        The stack cannot be updated from its state, or it failed and rolled back.
    """
    arguments = {
        "StackName": stack_name,
        **({"TemplateURL": template_url} if template_url else {"TemplateBody": template_body}),
        "Parameters": [{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        "Capabilities": CAPABILITIES,
        "Tags": [{"Key": key, "Value": value} for key, value in tags.items()],
    }
    status = _status(cfn, stack_name)
    if status in _DEAD_ENDS:
        raise StackFailedError(
            stack_name, str(status), ["delete the stack, fix the cause, then run again"]
        )
    if status is None:
        cfn.create_stack(**arguments, EnableTerminationProtection=True)
        waiter, action = "stack_create_complete", "created"
    else:
        try:
            cfn.update_stack(**arguments)
        except ClientError as error:
            if "No updates are to be performed" in str(error):
                return "unchanged"
            raise
        waiter, action = "stack_update_complete", "updated"
    try:
        cfn.get_waiter(waiter).wait(
            StackName=stack_name, WaiterConfig={"Delay": poll_seconds, "MaxAttempts": 240}
        )
    except WaiterError as error:
        final = _status(cfn, stack_name) or "DELETED"
        raise StackFailedError(stack_name, final, failure_reasons(cfn, stack_name)) from error
    return "created" if action == "created" else "updated"
