"""Find what the member and central StackSets deployed in an account and Region, by reading the
instance stack (``StackSet-<stack set name>-<uuid>``) and its outputs and resources, so the
rehearsal never assumes a name the templates choose.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CENTRAL_STACK_SET",
    "MEMBER_STACK_SET",
    "CentralDeployment",
    "DeploymentNotFoundError",
    "MemberDeployment",
    "find_central",
    "find_member",
    "instance_stack",
]

# The StackSet names templates/stacksets.yaml gives the member and central bodies.
MEMBER_STACK_SET = "org-backup-member"
CENTRAL_STACK_SET = "org-backup-central"
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_LIVE = ("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE")


class DeploymentNotFoundError(LookupError):
    """Raised when the account and Region has no (or more than one) live instance stack of a
    StackSet, or the stack lacks an output or resource the rehearsal needs."""


@dataclass(frozen=True, slots=True)
class MemberDeployment:
    """What the member StackSet instance deployed in one account and Region."""

    stack_name: str
    vault_name: str
    vault_arn: str
    vault_key_arn: str
    backup_role_arn: str
    tag_on_restore_arn: str
    restore_rule_name: str
    provenance_prefix: str | None  # TagOnRestore's provenance tag prefix; None when off


@dataclass(frozen=True, slots=True)
class CentralDeployment:
    """What the central StackSet instance deployed in the central account and Region."""

    stack_name: str
    vault_name: str
    vault_arn: str
    vault_key_arn: str


def instance_stack(cloudformation: Any, stack_set: str) -> dict[str, Any]:
    """The one live ``StackSet-<stack_set>-<uuid>`` stack (DescribeStacks' shape).

    Raises
    ------
    DeploymentNotFoundError
        None, or several, in this account and Region.
    """
    pattern = re.compile(f"StackSet-{re.escape(stack_set)}-{_UUID}")
    names = [
        summary["StackName"]
        for page in cloudformation.get_paginator("list_stacks").paginate(StackStatusFilter=_LIVE)
        for summary in page["StackSummaries"]
        if pattern.fullmatch(summary["StackName"])
    ]
    if len(names) != 1:
        raise DeploymentNotFoundError(
            f"expected one live StackSet-{stack_set}-<uuid> stack, found {sorted(names) or 'none'}"
        )
    stack: dict[str, Any] = cloudformation.describe_stacks(StackName=names[0])["Stacks"][0]
    return stack


def _outputs(stack: dict[str, Any], *names: str) -> list[str]:
    found = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    missing = [name for name in names if name not in found]
    if missing:
        raise DeploymentNotFoundError(f"stack {stack['StackName']} has no output {missing}")
    return [str(found[name]) for name in names]


def _physical_id(cloudformation: Any, stack_name: str, logical_id: str) -> str:
    for page in cloudformation.get_paginator("list_stack_resources").paginate(StackName=stack_name):
        for resource in page["StackResourceSummaries"]:
            if resource["LogicalResourceId"] == logical_id:
                return str(resource["PhysicalResourceId"])
    raise DeploymentNotFoundError(f"stack {stack_name} has no resource {logical_id}")


def find_member(session: Any, endpoint: str, stack_set: str = MEMBER_STACK_SET) -> MemberDeployment:
    """The member vault, its key, the backup service role, TagOnRestore and its rule.

    The role is account-wide (created by the stack of one Region only), so it is found by the
    name in the stack's output, in IAM.
    """
    cloudformation = session.client("cloudformation", endpoint_url=endpoint)
    stack = instance_stack(cloudformation, stack_set)
    vault_name, vault_arn, key_arn, role_name, function_arn = _outputs(
        stack,
        "MemberVaultName",
        "MemberVaultArn",
        "VaultKeyArn",
        "BackupServiceRoleName",
        "TagOnRestoreFunctionArn",
    )
    role = session.client("iam", endpoint_url=endpoint).get_role(RoleName=role_name)["Role"]
    rule = _physical_id(cloudformation, stack["StackName"], "RestoreCompletedRule")
    function = session.client("lambda", endpoint_url=endpoint).get_function_configuration(
        FunctionName=function_arn
    )
    return MemberDeployment(
        stack["StackName"],
        vault_name,
        vault_arn,
        key_arn,
        str(role["Arn"]),
        function_arn,
        rule.rsplit("|", 1)[-1],
        _provenance_prefix(function.get("Environment", {}).get("Variables", {})),
    )


def _provenance_prefix(variables: dict[str, str]) -> str | None:
    # The function's own defaults (functions/tag_on_restore/config.py) when a variable is unset.
    if variables.get("PROVENANCE_TAGS", "true").lower() != "true":
        return None
    return variables.get("PROVENANCE_TAG_PREFIX", "backup:restore:")


def find_central(
    session: Any, endpoint: str, stack_set: str = CENTRAL_STACK_SET
) -> CentralDeployment:
    """The central vault and its key."""
    cloudformation = session.client("cloudformation", endpoint_url=endpoint)
    stack = instance_stack(cloudformation, stack_set)
    name, arn, key = _outputs(stack, "CentralVaultName", "CentralVaultArn", "CentralVaultKeyArn")
    return CentralDeployment(stack["StackName"], name, arn, key)
