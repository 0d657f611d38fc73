"""``AWS::CloudFormation::StackSet`` as a CloudFormation resource in the emulator: the set, its
service-managed instances in every targeted account x Region, and auto-deployment.

Follows the resource reference
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html)
and the registry schema cfn-lint ships
(cfnlint/data/schemas/providers/us_east_1/aws-cloudformation-stackset.json: StackSetName and
PermissionModel are create-only, so changing them replaces the set; Ref and GetAtt StackSetId).
A failed instance fails the resource with a reason naming the account, Region and cause.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import (
    CloudFormationError,
    UnformattedGetAttTemplateException,
)
from moto.core.common_models import CloudFormationModel

from rehearsal.emulator.cloudformation import stacksets_api, stacksets_autodeploy
from rehearsal.emulator.cloudformation.stacksets_operations import (
    OrgStackSet,
    check_name_free,
    deploy,
    reconcile,
    remove_all,
    update_all,
)
from rehearsal.emulator.cloudformation.stacksets_properties import (
    PROPERTIES,
    checked,
    configure,
    parameters,
    tags,
)

__all__ = ["PROPERTIES", "StackSetOperationFailed", "StackSetResource", "install"]


class StackSetOperationFailed(CloudFormationError):
    """A StackSet operation went over its failure tolerance; the message names the instances."""

    code = "StackSetOperationFailed"


class StackSetResource(CloudFormationModel):
    """One ``AWS::CloudFormation::StackSet`` of a stack; the state lives in the ``OrgStackSet``
    of the account's CloudFormation backend, so the StackSets API sees the same set.
    """

    def __init__(self, stackset: OrgStackSet, account_id: str, region_name: str) -> None:
        self.stackset = stackset
        self.account_id = account_id
        self.region_name = region_name

    @staticmethod
    def cloudformation_name_type() -> str:
        return "StackSetName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CloudFormation::StackSet"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "StackSetId"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "StackSetId":
            return self.stackset.id
        raise UnformattedGetAttTemplateException()

    @property
    def physical_resource_id(self) -> str:
        return self.stackset.id

    def is_created(self) -> bool:
        return True

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> StackSetResource:
        """Create the set and its instances (CreateStackSet + CreateStackInstances).

        Raises
        ------
        ValidationError, InsufficientCapabilitiesException, NameAlreadyExistsException
            The request is refused; nothing is created.
        StackSetOperationFailed
            Instances failed over the tolerance (the set is kept when DeletionPolicy is Retain).
        """
        props = checked(cloudformation_json.get("Properties", {}), account_id)
        backend = _backend(account_id, region_name)
        name = props["StackSetName"]
        check_name_free(backend, name)
        stackset = backend.create_stack_set(
            name=name,
            template=props["template"],
            parameters=parameters(props.get("Parameters")),
            tags=tags(props),
            permission_model=props["PermissionModel"],
            admin_role=props.get("AdministrationRoleARN"),
            exec_role=props.get("ExecutionRoleName"),
            description=props.get("Description"),
        )
        assert isinstance(stackset, OrgStackSet), "stacksets.install() was not called"
        configure(stackset, props)
        operation = deploy(stackset, stackset.operation_preferences)
        if operation["Status"] == "FAILED":
            # A rolled-back create keeps a Retain resource; RetainExceptOnCreate exists to avoid
            # that (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
            if cloudformation_json.get("DeletionPolicy") != "Retain":
                remove_all(stackset, {})
                stackset.delete()
            raise StackSetOperationFailed(_failure(stackset, operation))
        return cls(stackset, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: StackSetResource,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> StackSetResource:
        """Update in place, or replace when StackSetName or PermissionModel changes.

        Raises
        ------
        StackSetOperationFailed
            An instance update, creation or removal failed over the tolerance.
        """
        stackset = original_resource.stackset
        new = cloudformation_json.get("Properties", {})
        if (new.get("StackSetName"), new.get("PermissionModel")) != (
            stackset.name,
            stackset.permission_model,
        ):
            replacement = cls.create_from_cloudformation_json(
                new_resource_name, cloudformation_json, account_id, region_name
            )
            original_resource.delete(account_id, region_name)
            return replacement
        props = checked(new, account_id)
        changed = (
            props["template"] != stackset.template
            or parameters(props.get("Parameters")) != dict(stackset.parameters)
            or tags(props) != dict(stackset.tags or {})
        )
        stackset.template = props["template"]
        stackset.parameters = parameters(props.get("Parameters"))
        stackset.description = props.get("Description")
        stackset.tags = tags(props)
        configure(stackset, props)
        prefs = stackset.operation_preferences
        operations = [update_all(stackset, prefs)] if changed else []
        operations += reconcile(stackset, retain=False, prefs=prefs)
        failed = next((op for op in operations if op["Status"] == "FAILED"), None)
        if failed is not None:
            raise StackSetOperationFailed(_failure(stackset, failed))
        return cls(stackset, account_id, region_name)

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        backend = _backend(account_id, region_name)
        found = backend.stacksets.get(resource_name)
        if isinstance(found, OrgStackSet):
            cls(found, account_id, region_name).delete(account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        """Delete every instance's stack (RetainStacks false), then the set.

        Raises
        ------
        StackSetOperationFailed
            A stack could not be deleted; the set and that instance remain.
        """
        operation = remove_all(self.stackset, self.stackset.operation_preferences)
        if operation["Status"] == "FAILED" or self.stackset.org_instances:
            raise StackSetOperationFailed(_failure(self.stackset, operation))
        self.stackset.delete()


def _backend(account_id: str, region_name: str) -> cfn_models.CloudFormationBackend:
    backend: cfn_models.CloudFormationBackend = cfn_models.cloudformation_backends[account_id][
        region_name
    ]
    return backend


def _failure(stackset: OrgStackSet, operation: Mapping[str, Any]) -> str:
    reason = operation.get("StatusReason", "stack instances could not be removed")
    return f"StackSet {stackset.name} operation {operation['OperationId']} FAILED: {reason}"


def install() -> None:
    """Register the resource model, let the backends build ``OrgStackSet``s, serve the
    StackSets API over the same instances and hook auto-deployment into Organizations
    (idempotent; install after the Organizations extension).
    """
    cfn_models.StackSet = OrgStackSet  # type: ignore[misc]
    stacksets_api.install()
    stacksets_autodeploy.install()
    # moto caches its type → model map over CloudFormationModel.__subclasses__().
    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()
