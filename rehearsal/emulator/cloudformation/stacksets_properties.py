"""The properties of an ``AWS::CloudFormation::StackSet`` resource: validated as the resource
handler validates them (registry schema aws-cloudformation-stackset.json), and applied to the set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from moto.cloudformation.exceptions import ValidationError

from rehearsal.emulator.cloudformation.stacksets_operations import InstanceGroup, OrgStackSet
from rehearsal.emulator.cloudformation.stacksets_preferences import validate_preferences
from rehearsal.emulator.cloudformation.stacksets_targets import check_call_as, resolve_accounts
from rehearsal.emulator.cloudformation.stacksets_template import (
    check_capabilities,
    parse,
    read_template,
)

__all__ = ["PROPERTIES", "checked", "configure", "parameters", "tags"]

PROPERTIES = frozenset(
    {
        "AdministrationRoleARN", "AutoDeployment", "CallAs", "Capabilities", "Description",
        "ExecutionRoleName", "ManagedExecution", "OperationPreferences", "Parameters",
        "PermissionModel", "StackInstancesGroup", "StackSetName", "Tags", "TemplateBody",
        "TemplateURL",
    }
)  # fmt: skip
_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]{0,127}$")


def checked(props: Mapping[str, Any], account_id: str) -> dict[str, Any]:
    """The properties, validated as the resource handler validates them, plus ``template``
    (the body's text) and ``groups`` (the StackInstancesGroup as ``InstanceGroup``s).

    Raises
    ------
    ValidationError, InsufficientCapabilitiesException
        The first property at fault, named in the message.
    """
    unknown = sorted(set(props) - PROPERTIES)
    if unknown:
        raise ValidationError(
            message=f"Properties validation failed: extraneous key [{unknown[0]}] is not permitted"
        )
    for required in ("StackSetName", "PermissionModel"):
        if required not in props:
            raise ValidationError(
                message=f"Properties validation failed: required key [{required}] not found"
            )
    if not _NAME.match(str(props["StackSetName"])):
        raise ValidationError(
            message=f"StackSetName: '{props['StackSetName']}' must match [a-zA-Z][a-zA-Z0-9-]* "
            "and be at most 128 characters"
        )
    model = props["PermissionModel"]
    groups = [_group(g, model) for g in props.get("StackInstancesGroup", [])]
    if model == "SERVICE_MANAGED":
        org = check_call_as(account_id, str(props.get("CallAs", "SELF")))
        for group in groups:
            resolve_accounts(org, group.targets)  # refuses unknown OUs before any change
    elif model == "SELF_MANAGED":
        if props.get("AutoDeployment"):
            raise ValidationError(
                message="AutoDeployment: valid only with PermissionModel SERVICE_MANAGED"
            )
    else:
        raise ValidationError(
            message=f"PermissionModel: '{model}' is not one of SERVICE_MANAGED, SELF_MANAGED"
        )
    template = read_template(account_id, props.get("TemplateBody"), props.get("TemplateURL"))
    check_capabilities(parse(template), props.get("Capabilities", []))
    validate_preferences(props.get("OperationPreferences", {}))
    return {**props, "template": template, "groups": groups}


def parameters(parameters: Any) -> dict[str, str]:
    """A Parameters list as a dict (list values joined with commas, as CloudFormation does)."""
    return {p["ParameterKey"]: _text(p.get("ParameterValue", "")) for p in parameters or []}


def _text(value: Any) -> str:
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def configure(stackset: OrgStackSet, props: Mapping[str, Any]) -> None:
    """Apply checked properties (``checked()``'s answer) to ``stackset``."""
    auto = props.get("AutoDeployment")
    if auto is not None:
        stackset.auto_deployment = {
            "Enabled": _flag(auto.get("Enabled", False)),
            "RetainStacksOnAccountRemoval": _flag(auto.get("RetainStacksOnAccountRemoval", False)),
        }
    stackset.capabilities = list(props.get("Capabilities", []))
    stackset.call_as = str(props.get("CallAs", "SELF"))
    stackset.managed_execution = props.get("ManagedExecution", {})
    stackset.operation_preferences = validate_preferences(props.get("OperationPreferences", {}))
    stackset.groups = list(props["groups"])


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _group(group: Mapping[str, Any], model: str) -> InstanceGroup:
    targets = dict(group.get("DeploymentTargets", {}))
    if model == "SELF_MANAGED" and targets.get("OrganizationalUnitIds"):
        raise ValidationError(
            message="StackInstancesGroup.DeploymentTargets: StackSets with SELF_MANAGED "
            "permission model can only have accounts as target"
        )
    regions = group.get("Regions")
    if not regions:
        raise ValidationError(
            message="StackInstancesGroup.Regions: at least one Region is required"
        )
    overrides = parameters(group.get("ParameterOverrides"))
    return InstanceGroup(targets, tuple(str(r) for r in regions), overrides)


def tags(props: Mapping[str, Any]) -> dict[str, str]:
    """The Tags property as a dict."""
    return {t["Key"]: str(t["Value"]) for t in props.get("Tags", [])}
