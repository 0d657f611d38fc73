"""The StackSets API over the same service-managed instances the resource creates: CallAs,
Capabilities and AutoDeployment on CreateStackSet, DeploymentTargets/RetainStacks/
OperationPreferences on Create/DeleteStackInstances, per-instance operation results, and
Activate/Describe/DeactivateOrganizationsAccess (trusted access for StackSets).

Sources: the CloudFormation API reference for each operation
(https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Operations.html).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import responses as cfn_responses
from moto.cloudformation.exceptions import StackInstanceNotFound, ValidationError
from moto.core.responses import ActionResult, EmptyResult

from rehearsal.emulator.cloudformation.stacksets_operations import (
    InstanceGroup,
    OrgStackSet,
    check_name_free,
    deploy,
    remove,
    target_accounts,
)
from rehearsal.emulator.cloudformation.stacksets_preferences import validate_preferences
from rehearsal.emulator.cloudformation.stacksets_targets import (
    STACKSETS_PRINCIPAL,
    check_call_as,
    management_backend,
)
from rehearsal.emulator.cloudformation.stacksets_template import (
    check_capabilities,
    parse,
    read_template,
)

__all__ = ["install"]

Response = cfn_responses.CloudFormationResponse
_ORIGINAL = "_stacksets_original"


def _org_stackset(response: Response) -> OrgStackSet | None:
    found = response.cloudformation_backend.describe_stack_set(response._get_param("StackSetName"))
    return found if isinstance(found, OrgStackSet) else None


def _targets(response: Response, stackset: OrgStackSet) -> dict[str, Any]:
    """DeploymentTargets; a self-managed set may name its accounts in ``Accounts`` instead."""
    targets = dict(response._get_param("DeploymentTargets") or {})
    if stackset.permission_model == "SERVICE_MANAGED":
        check_call_as(response.current_account, response._get_param("CallAs") or "SELF")
    elif not targets:
        targets = {"Accounts": list(response._get_param("Accounts", []))}
    return targets


def create_stack_set(self: Response) -> ActionResult:
    """CreateStackSet, refusing what AWS refuses before moto records the set."""
    model = self._get_param("PermissionModel") or "SELF_MANAGED"
    if model == "SERVICE_MANAGED":
        check_call_as(self.current_account, self._get_param("CallAs") or "SELF")
    elif self._get_param("AutoDeployment"):
        raise ValidationError(
            message="AutoDeployment: valid only with PermissionModel SERVICE_MANAGED"
        )
    body, url = self._get_param("TemplateBody"), self._get_param("TemplateURL")
    template = read_template(self.current_account, body, url)
    capabilities = list(self._get_param("Capabilities", []))
    check_capabilities(parse(template), capabilities)
    validate_preferences(self._get_param("OperationPreferences") or {})
    check_name_free(self.cloudformation_backend, self._get_param("StackSetName"))
    result: ActionResult = getattr(Response, _ORIGINAL)["create_stack_set"](self)
    stackset = self.cloudformation_backend.describe_stack_set(self._get_param("StackSetName"))
    if isinstance(stackset, OrgStackSet):
        stackset.capabilities = capabilities
        stackset.call_as = self._get_param("CallAs") or "SELF"
        stackset.managed_execution = self._get_param("ManagedExecution") or {}
        auto = self._get_param("AutoDeployment")
        if auto:
            stackset.auto_deployment = {
                "Enabled": bool(auto.get("Enabled", False)),
                "RetainStacksOnAccountRemoval": bool(
                    auto.get("RetainStacksOnAccountRemoval", False)
                ),
            }
    return result


def create_stack_instances(self: Response) -> ActionResult:
    """CreateStackInstances: every target becomes a real stack named as AWS names it."""
    stackset = _org_stackset(self)
    if stackset is None:
        return getattr(Response, _ORIGINAL)["create_stack_instances"](self)  # type: ignore[no-any-return]
    targets = _targets(self, stackset)
    prefs = validate_preferences(self._get_param("OperationPreferences") or {})
    overrides = {
        p["ParameterKey"]: str(p.get("ParameterValue", ""))
        for p in self._get_param("ParameterOverrides", [])
    }
    group = InstanceGroup(targets, tuple(self._get_param("Regions", [])), overrides)
    target_accounts(stackset, group)  # refuses unknown OUs before anything changes
    stackset.groups.append(group)
    operation = deploy(stackset, prefs)
    return ActionResult({"OperationId": operation["OperationId"]})


def delete_stack_instances(self: Response) -> ActionResult:
    """DeleteStackInstances by DeploymentTargets and Regions, honouring RetainStacks."""
    stackset = _org_stackset(self)
    if stackset is None:
        return getattr(Response, _ORIGINAL)["delete_stack_instances"](self)  # type: ignore[no-any-return]
    targets = _targets(self, stackset)
    prefs = validate_preferences(self._get_param("OperationPreferences") or {})
    regions = set(self._get_param("Regions", []))
    accounts = {a for a, _ in target_accounts(stackset, InstanceGroup(targets, tuple(regions)))}
    retain = str(self._get_param("RetainStacks", "false")).lower() == "true"
    victims = [
        i for i in stackset.org_instances if i.account_id in accounts and i.region_name in regions
    ]
    named = {*targets.get("OrganizationalUnitIds", []), *targets.get("Accounts", [])}
    stackset.groups = [
        g for g in stackset.groups if not (_named(g) <= named and set(g.regions) <= regions)
    ]
    operation = remove(stackset, victims, retain, prefs)
    return ActionResult({"OperationId": operation["OperationId"]})


def _named(group: InstanceGroup) -> set[str]:
    return {*group.targets.get("OrganizationalUnitIds", []), *group.targets.get("Accounts", [])}


def list_stack_set_operation_results(self: Response) -> ActionResult:
    """Per-instance results of an operation (Status, StatusReason, OrganizationalUnitId)."""
    stackset = self.cloudformation_backend.describe_stack_set(self._get_param("StackSetName"))
    operation = stackset.get_operation(self._get_param("OperationId"))
    if "Results" not in operation:
        return getattr(Response, _ORIGINAL)["list_stack_set_operation_results"](self)  # type: ignore[no-any-return]
    return ActionResult({"Summaries": operation["Results"]})


def activate_organizations_access(self: Response) -> ActionResult:
    """ActivateOrganizationsAccess: trusted access for StackSets, from the management account."""
    org = management_backend(self.current_account)
    if org is None or org.org is None or org.org.master_account_id != self.current_account:
        raise ValidationError(
            message="Only the management account can activate organizations access"
        )
    org.enable_aws_service_access(ServicePrincipal=STACKSETS_PRINCIPAL)
    return EmptyResult()


def deactivate_organizations_access(self: Response) -> ActionResult:
    """DeactivateOrganizationsAccess."""
    org = management_backend(self.current_account)
    if org is None or org.org is None or org.org.master_account_id != self.current_account:
        raise ValidationError(
            message="Only the management account can deactivate organizations access"
        )
    org.disable_aws_service_access(ServicePrincipal=STACKSETS_PRINCIPAL)
    return EmptyResult()


def describe_organizations_access(self: Response) -> ActionResult:
    """DescribeOrganizationsAccess: ENABLED once trusted access for StackSets is on."""
    org = management_backend(self.current_account)
    enabled = org is not None and any(
        s["ServicePrincipal"] == STACKSETS_PRINCIPAL for s in org.services
    )
    return ActionResult({"Status": "ENABLED" if enabled else "DISABLED"})


def _describe_stack_instance(
    self: cfn_models.CloudFormationBackend, stack_set_name: str, account_id: str, region: str
) -> dict[str, Any]:
    instance = self.describe_stack_set(stack_set_name).instances.get_instance(account_id, region)
    if instance is None:
        raise StackInstanceNotFound()
    described: dict[str, Any] = instance.to_dict()
    return described


class _OperationDTO(cfn_responses.StackSetOperationDTO):
    """moto's DescribeStackSetOperation answer plus StatusReason, details and preferences."""

    def __init__(self, operation: dict[str, Any], stack_set: cfn_models.StackSet) -> None:
        super().__init__(operation, stack_set)
        self.status_reason = operation.get("StatusReason")
        self.status_details = operation.get("StatusDetails")
        self.operation_preferences = operation.get("OperationPreferences")
        self.retain_stacks = operation.get("RetainStacks")


_HANDLERS: dict[str, Callable[[Response], ActionResult]] = {
    "create_stack_set": create_stack_set,
    "create_stack_instances": create_stack_instances,
    "delete_stack_instances": delete_stack_instances,
    "list_stack_set_operation_results": list_stack_set_operation_results,
    "activate_organizations_access": activate_organizations_access,
    "deactivate_organizations_access": deactivate_organizations_access,
    "describe_organizations_access": describe_organizations_access,
}


def install() -> None:
    """Route the StackSets operations above through this module (idempotent)."""
    if hasattr(Response, _ORIGINAL):
        return
    setattr(Response, _ORIGINAL, {name: getattr(Response, name, None) for name in _HANDLERS})
    for name, handler in _HANDLERS.items():
        setattr(Response, name, handler)
    cfn_models.CloudFormationBackend.describe_stack_instance = _describe_stack_instance  # type: ignore[method-assign]
    cfn_responses.StackSetOperationDTO = _OperationDTO  # type: ignore[misc]
