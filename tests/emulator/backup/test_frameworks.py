"""Backup Audit Manager frameworks in the emulator, through boto3: the lifecycle, and AWS's
error codes for what AWS refuses (API_CreateFramework.html, controls-and-remediation.html)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

PLAN_CHECK = {
    "ControlName": "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
    "ControlInputParameters": [
        {"ParameterName": "requiredFrequencyUnit", "ParameterValue": "hours"},
        {"ParameterName": "requiredFrequencyValue", "ParameterValue": "24"},
        {"ParameterName": "requiredRetentionDays", "ParameterValue": "35"},
    ],
}
PROTECTED = {
    "ControlName": "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
    "ControlScope": {"ComplianceResourceTypes": ["EBS", "DynamoDB"]},
}


def _error(call: Any, **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    error = raised.value.response["Error"]
    return str(error["Code"]), str(error["Message"])


def test_a_framework_is_created_described_listed_updated_and_deleted(aws: None) -> None:
    backup = boto3.client("backup")

    created = backup.create_framework(
        FrameworkName="org_controls",
        FrameworkDescription="what the policies promise",
        FrameworkControls=[PROTECTED, PLAN_CHECK],
    )
    described = backup.describe_framework(FrameworkName="org_controls")
    listed = backup.list_frameworks()["Frameworks"]

    assert created["FrameworkArn"].startswith(
        "arn:aws:backup:us-east-1:123456789012:framework:org_controls-"
    )
    assert described["FrameworkArn"] == created["FrameworkArn"]
    assert described["FrameworkControls"] == [PROTECTED, PLAN_CHECK]
    assert described["DeploymentStatus"] == "COMPLETED"
    # Without AWS Config the emulator cannot validate recording: never an invented ACTIVE.
    assert described["FrameworkStatus"] == "UNAVAILABLE"
    assert [(f["FrameworkName"], f["NumberOfControls"]) for f in listed] == [("org_controls", 2)]

    backup.update_framework(FrameworkName="org_controls", FrameworkControls=[PROTECTED])
    assert backup.describe_framework(FrameworkName="org_controls")["FrameworkControls"] == [
        PROTECTED
    ]

    backup.delete_framework(FrameworkName="org_controls")
    assert backup.list_frameworks()["Frameworks"] == []
    code, _ = _error(backup.describe_framework, FrameworkName="org_controls")
    assert code == "ResourceNotFoundException"


@pytest.mark.parametrize(
    ("name", "controls", "code", "names"),
    [
        ("org-controls", [PROTECTED], "InvalidParameterValueException", "FrameworkName"),
        ("_controls", [PROTECTED], "InvalidParameterValueException", "FrameworkName"),
        (
            "controls",
            [{"ControlName": "NO_SUCH_CONTROL"}],
            "InvalidParameterValueException",
            "ControlName",
        ),
        (
            "controls",
            [
                {
                    "ControlName": "BACKUP_RECOVERY_POINT_ENCRYPTED",
                    "ControlInputParameters": [
                        {"ParameterName": "requiredRetentionDays", "ParameterValue": "35"}
                    ],
                }
            ],
            "InvalidParameterValueException",
            "ControlInputParameters",
        ),
        ("controls", [], "InvalidParameterValueException", "FrameworkControls"),
    ],
    ids=["hyphen", "leading-underscore", "unknown-control", "foreign-parameter", "no-controls"],
)
def test_what_aws_refuses_is_refused_and_nothing_is_created(
    aws: None, name: str, controls: list[dict[str, Any]], code: str, names: str
) -> None:
    backup = boto3.client("backup")

    found = _error(backup.create_framework, FrameworkName=name, FrameworkControls=controls)

    assert found[0] == code
    assert names in found[1]
    assert backup.list_frameworks()["Frameworks"] == []


def test_a_second_framework_of_the_same_name_already_exists(aws: None) -> None:
    backup = boto3.client("backup")
    backup.create_framework(FrameworkName="controls", FrameworkControls=[PROTECTED])

    code, _ = _error(
        backup.create_framework, FrameworkName="controls", FrameworkControls=[PLAN_CHECK]
    )

    assert code == "AlreadyExistsException"
    assert backup.describe_framework(FrameworkName="controls")["FrameworkControls"] == [PROTECTED]


def test_more_than_50_controls_in_an_account_and_region_exceed_the_limit(aws: None) -> None:
    backup = boto3.client("backup")
    for index in range(5):
        backup.create_framework(FrameworkName=f"f{index}", FrameworkControls=[PROTECTED] * 10)

    code, message = _error(
        backup.create_framework, FrameworkName="f5", FrameworkControls=[PROTECTED]
    )

    assert code == "LimitExceededException"
    assert "51 controls" in message
    # Frameworks are per Region: another Region has its own 50.
    other = boto3.client("backup", region_name="eu-west-1")
    other.create_framework(FrameworkName="f5", FrameworkControls=[PROTECTED])
    assert len(backup.list_frameworks()["Frameworks"]) == 5


def test_the_server_routes_frameworks_and_report_jobs(emulator_endpoint: str) -> None:
    backup = boto3.client("backup", endpoint_url=emulator_endpoint)
    backup.create_framework(FrameworkName="controls", FrameworkControls=[PROTECTED])
    backup.create_report_plan(
        ReportPlanName="plan",
        ReportDeliveryChannel={"S3BucketName": "missing-bucket"},
        ReportSetting={"ReportTemplate": "CONTROL_COMPLIANCE_REPORT"},
    )

    job_id = backup.start_report_job(ReportPlanName="plan")["ReportJobId"]
    job = backup.describe_report_job(ReportJobId=job_id)["ReportJob"]

    assert [f["FrameworkName"] for f in backup.list_frameworks()["Frameworks"]] == ["controls"]
    assert job["Status"] == "FAILED"
    assert "missing-bucket does not exist" in job["StatusMessage"]
    assert [j["ReportJobId"] for j in backup.list_report_jobs()["ReportJobs"]] == [job_id]
