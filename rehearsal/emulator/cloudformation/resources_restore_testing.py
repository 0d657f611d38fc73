"""AWS Backup restore testing resource models, over the emulator's restore testing operations
(so a template gets the same checks and errors as the API).

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-restoretestingplan.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-restoretestingselection.html
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel

from rehearsal.emulator.backup.restore_testing import RestoreTestingBackend
from rehearsal.emulator.cloudformation.resources_base import EmulatedResource

__all__ = ["RestoreTestingPlanResource", "RestoreTestingSelectionResource"]

# Optional plan members and their attributes; a template that drops one resets it.
_PLAN_OPTIONAL = {
    "ScheduleExpressionTimezone": "schedule_expression_timezone",
    "StartWindowHours": "start_window_hours",
}


def _ints(values: dict[str, Any], *names: str) -> dict[str, Any]:
    # Template parameters of type Number arrive as int, literal strings as str.
    return {k: int(v) if k in names and v is not None else v for k, v in values.items()}


def _plan_input(properties: dict[str, Any]) -> dict[str, Any]:
    plan = _ints({k: v for k, v in properties.items() if k != "Tags"}, "StartWindowHours")
    plan["RecoveryPointSelection"] = _ints(
        dict(properties.get("RecoveryPointSelection") or {}), "SelectionWindowDays"
    )
    return plan


def _tags(properties: dict[str, Any]) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in properties.get("Tags") or []}


class RestoreTestingPlanResource(EmulatedResource, CloudFormationModel):
    """``AWS::Backup::RestoreTestingPlan``: Ref is the plan name (the primaryIdentifier);
    GetAtt RestoreTestingPlanArn. Deleting a plan that still has selections fails, as in AWS."""

    TYPE = "AWS::Backup::RestoreTestingPlan"
    NAME_PROPERTY = "RestoreTestingPlanName"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> RestoreTestingPlanResource:
        plan = RestoreTestingBackend(account_id, region_name).create_restore_testing_plan(
            _plan_input(properties), _tags(properties), None
        )
        attributes = {"RestoreTestingPlanArn": plan.restore_testing_plan_arn}
        return cls(plan.restore_testing_plan_name, attributes, properties, account_id, region_name)

    def update(self, properties: dict[str, Any]) -> None:
        testing = RestoreTestingBackend(self.account_id, self.region_name)
        plan = testing.update_restore_testing_plan(self.physical_id, _plan_input(properties))
        for member, attribute in _PLAN_OPTIONAL.items():
            if member not in properties:
                setattr(plan, attribute, None)
        old, new = _tags(self.properties), _tags(properties)
        arn = plan.restore_testing_plan_arn
        if removed := [key for key in old if key not in new]:
            testing.backup.untag_resource(arn, removed)
        if new and new != old:
            testing.backup.tag_resource(arn, new)

    def delete(self, account_id: str, region_name: str) -> None:
        RestoreTestingBackend(account_id, region_name).delete_restore_testing_plan(self.physical_id)


class RestoreTestingSelectionResource(EmulatedResource, CloudFormationModel):
    """``AWS::Backup::RestoreTestingSelection``: Ref is ``<plan name>|<selection name>`` (its
    primaryIdentifier has both); no GetAtt attributes. The plan, the selection's name and its
    ProtectedResourceType are create-only."""

    TYPE = "AWS::Backup::RestoreTestingSelection"
    NAME_PROPERTY = "RestoreTestingSelectionName"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> RestoreTestingSelectionResource:
        plan_name = properties["RestoreTestingPlanName"]
        selection = RestoreTestingBackend(account_id, region_name).create_restore_testing_selection(
            plan_name, _selection_input(properties), None
        )
        physical_id = f"{plan_name}|{selection.restore_testing_selection_name}"
        return cls(physical_id, {}, properties, account_id, region_name)

    def update(self, properties: dict[str, Any]) -> None:
        testing = RestoreTestingBackend(self.account_id, self.region_name)
        plan_name, name = self.physical_id.split("|", 1)
        # The template is the whole selection: members it drops no longer apply.
        testing.update_restore_testing_selection(
            plan_name, name, _selection_input(properties), replace=True
        )

    def delete(self, account_id: str, region_name: str) -> None:
        plan_name, name = self.physical_id.split("|", 1)
        RestoreTestingBackend(account_id, region_name).delete_restore_testing_selection(
            plan_name, name
        )


def _selection_input(properties: dict[str, Any]) -> dict[str, Any]:
    return _ints(
        {k: v for k, v in properties.items() if k != "RestoreTestingPlanName"},
        "ValidationWindowHours",
    )
