"""AWS Backup Audit Manager resource models: frameworks (over the emulator's framework backend)
and report plans (over moto's backup backend, which stores them without checks).

A report plan that names other accounts is refused unless the stack's account is the
management account or a delegated administrator for AWS Backup, as AWS allows only those.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-framework.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-reportplan.html
"""

from __future__ import annotations

from typing import Any

from moto.backup.models import BackupBackend, backup_backends
from moto.core.common_models import CloudFormationModel
from moto.moto_api._internal import mock_random

from rehearsal.emulator.backup.frameworks import (
    AlreadyExistsException,
    InvalidParameterValueException,
    framework_backends,
)
from rehearsal.emulator.backup.report_jobs_rows import ReportScopeError, report_scope
from rehearsal.emulator.cloudformation.resources_base import EmulatedResource

__all__ = ["FrameworkResource", "ReportPlanResource"]

TEMPLATES = frozenset(
    {
        "BACKUP_JOB_REPORT",
        "COPY_JOB_REPORT",
        "RESTORE_JOB_REPORT",
        "CONTROL_COMPLIANCE_REPORT",
        "RESOURCE_COMPLIANCE_REPORT",
        "SCAN_JOB_REPORT",
    }
)


def _controls(properties: dict[str, Any]) -> list[dict[str, Any]]:
    # Fn::If with AWS::NoValue leaves a None in the list, where CloudFormation drops the item.
    return [c for c in properties.get("FrameworkControls") or [] if c is not None]


def _generated(logical_id: str) -> str:
    # Names of both types take only letters, digits and underscores.
    return f"{logical_id}_{mock_random.get_random_string(length=12)}"


class FrameworkResource(EmulatedResource, CloudFormationModel):
    """``AWS::Backup::Framework``: Ref is the ARN; GetAtt FrameworkArn, CreationTime,
    FrameworkStatus, DeploymentStatus. The controls update in place."""

    TYPE = "AWS::Backup::Framework"
    NAME_PROPERTY = "FrameworkName"
    framework_name = ""

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> FrameworkResource:
        framework_name = properties.get("FrameworkName") or _generated(name)
        framework = framework_backends[account_id][region_name].create_framework(
            framework_name,
            properties.get("FrameworkDescription"),
            _controls(properties),
        )
        described = framework.describe()
        attributes = {
            "FrameworkArn": framework.arn,
            "CreationTime": framework.creation_time.isoformat(),
            "FrameworkStatus": described["FrameworkStatus"],
            "DeploymentStatus": described["DeploymentStatus"],
        }
        resource = cls(framework.arn, attributes, properties, account_id, region_name)
        resource.framework_name = framework_name
        return resource

    def update(self, properties: dict[str, Any]) -> None:
        framework_backends[self.account_id][self.region_name].update_framework(
            self.framework_name,
            properties.get("FrameworkDescription", ""),
            _controls(properties),
        )

    def delete(self, account_id: str, region_name: str) -> None:
        framework_backends[account_id][region_name].delete_framework(self.framework_name)


def _backup(account_id: str, region_name: str) -> BackupBackend:
    return backup_backends[account_id][region_name]


def _check_plan(properties: dict[str, Any], account_id: str, region: str) -> None:
    """The lifecycle wrapper turns these errors into the resource's failure reason."""
    setting = properties["ReportSetting"]
    if setting.get("ReportTemplate") not in TEMPLATES:
        raise InvalidParameterValueException(
            f"ReportSetting.ReportTemplate: unknown template {setting.get('ReportTemplate')!r}"
        )
    try:
        report_scope(account_id, region, setting)
    except ReportScopeError as error:
        raise InvalidParameterValueException(f"ReportSetting: {error}") from error


class ReportPlanResource(EmulatedResource, CloudFormationModel):
    """``AWS::Backup::ReportPlan``: Ref is the ARN; GetAtt ReportPlanArn. The delivery
    channel and setting update in place."""

    TYPE = "AWS::Backup::ReportPlan"
    NAME_PROPERTY = "ReportPlanName"
    plan_name = ""

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str
    ) -> ReportPlanResource:
        _check_plan(properties, account_id, region_name)
        plan_name = properties.get("ReportPlanName") or _generated(name)
        backend = _backup(account_id, region_name)
        if plan_name in backend.report_plans:
            raise AlreadyExistsException(f"Report plan {plan_name} already exists")
        plan = backend.create_report_plan(
            plan_name,
            properties.get("ReportPlanDescription"),
            properties["ReportDeliveryChannel"],
            properties["ReportSetting"],
        )
        attributes = {"ReportPlanArn": plan.report_plan_arn}
        resource = cls(plan.report_plan_arn, attributes, properties, account_id, region_name)
        resource.plan_name = plan_name
        return resource

    def update(self, properties: dict[str, Any]) -> None:
        _check_plan(properties, self.account_id, self.region_name)
        plan = _backup(self.account_id, self.region_name).describe_report_plan(self.plan_name)
        plan.report_plan_description = properties.get("ReportPlanDescription")
        plan.report_delivery_channel = properties["ReportDeliveryChannel"]
        plan.report_setting = properties["ReportSetting"]

    def delete(self, account_id: str, region_name: str) -> None:
        _backup(account_id, region_name).delete_report_plan(self.plan_name)
