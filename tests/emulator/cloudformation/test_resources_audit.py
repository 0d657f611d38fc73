"""The audit templates on the emulator's CloudFormation, unchanged: the framework body as a
member account's stack, and the report stack in an organization's management account, whose
bucket and key policies must let the reports service-linked role deliver a report."""

from __future__ import annotations

import csv
import io

import boto3

from tests.emulator.cloudformation.conftest import Deploy, repository_template

REGION = "us-east-1"


def _organization() -> tuple[str, str]:
    """(OU id, member account id) of an organization managed by the caller's account."""
    org = boto3.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    unit = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]
    member = org.create_account(AccountName="app", Email="app@example.com")
    account = member["CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=unit["Id"])
    return unit["Id"], account


def test_the_framework_body_creates_the_recommended_controls_from_its_parameters(
    deploy: Deploy,
) -> None:
    stack = deploy(
        "StackSet-org-backup-audit-framework-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        repository_template("templates/audit-framework.yaml"),
        MinRetentionDays="35",
        MinFrequencyHours="24",
        CrossAccountCopyAccountId="444455556666",
        ComplianceResourceTypes="EBS,DynamoDB",
    )

    assert stack.status == "CREATE_COMPLETE", stack.events
    arn = stack.outputs()["FrameworkArn"]
    (framework,) = boto3.client("backup").list_frameworks()["Frameworks"]
    assert framework["FrameworkArn"] == arn
    controls = boto3.client("backup").describe_framework(FrameworkName="org_backup_controls")[
        "FrameworkControls"
    ]
    by_name = {c["ControlName"]: c for c in controls}
    # Vault lock (the default governance lock) and cross-account copy apply; cross-Region not.
    assert set(by_name) == {
        "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
        "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
        "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
        "BACKUP_RECOVERY_POINT_ENCRYPTED",
        "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
        "BACKUP_LAST_RECOVERY_POINT_CREATED",
        "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
        "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
    }
    assert by_name["BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT"]["ControlInputParameters"] == [
        {"ParameterName": "crossAccountList", "ParameterValue": "444455556666"}
    ]
    assert by_name["BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"]["ControlScope"] == {
        "ComplianceResourceTypes": ["EBS", "DynamoDB"]
    }
    manual = by_name["BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"]["ControlInputParameters"]
    assert manual == [
        {
            "ParameterName": "principalArnList",
            "ParameterValue": "arn:aws:iam::123456789012:role/org-backup-break-glass",
        }
    ]


def test_the_report_stack_delivers_an_encrypted_backup_job_report_of_the_organization(
    deploy: Deploy,
) -> None:
    unit, account = _organization()
    stack = deploy(
        "org-backup-audit",
        repository_template("templates/audit-reports.yaml"),
        TargetOuIds=unit,
        TargetRegions=REGION,
    )
    assert stack.status == "CREATE_COMPLETE", stack.events
    outputs = stack.outputs()
    backup = boto3.client("backup")
    plans = {
        p["ReportSetting"]["ReportTemplate"] for p in backup.list_report_plans()["ReportPlans"]
    }
    assert plans == {
        "BACKUP_JOB_REPORT",
        "COPY_JOB_REPORT",
        "RESTORE_JOB_REPORT",
        "CONTROL_COMPLIANCE_REPORT",
    }

    job_id = backup.start_report_job(ReportPlanName=outputs["BackupJobReportPlanName"])[
        "ReportJobId"
    ]
    job = backup.describe_report_job(ReportJobId=job_id)["ReportJob"]

    # The template's bucket policy and key policy admit the reports role: the file is there.
    assert job["Status"] == "COMPLETED", job.get("StatusMessage")
    (key,) = job["ReportDestination"]["S3Keys"]
    assert key.startswith(f"reports/Backup/crossaccount/{REGION}/")
    s3 = boto3.client("s3")
    head = s3.head_object(Bucket=outputs["ReportBucketName"], Key=key)
    assert head["ServerSideEncryption"] == "aws:kms"
    assert head["SSEKMSKeyId"] == outputs["ReportKeyArn"]
    body = s3.get_object(Bucket=outputs["ReportBucketName"], Key=key)["Body"].read().decode()
    assert list(csv.DictReader(io.StringIO(body))) == []
    assert account  # the member exists; it made no backups


def test_report_plans_over_the_organization_fail_in_an_account_that_may_not_report_on_it(
    deploy: Deploy,
) -> None:
    # No organization: the account is neither a management account nor a delegated admin.
    stack = deploy(
        "org-backup-audit",
        repository_template("templates/audit-reports.yaml"),
        TargetOuIds="ou-ab12-11111111",
        TargetRegions=REGION,
    )

    assert stack.status == "ROLLBACK_COMPLETE"
    reasons = " ".join(reason for _, reason in stack.resource_events("BackupJobReportPlan"))
    assert "delegated administrator" in reasons
    assert boto3.client("backup").list_report_plans()["ReportPlans"] == []
