"""Backup Audit Manager report jobs in the emulator, through boto3: which accounts and Regions a
report covers, what it lists, where the file lands, and who may write it
(create-report-plan-api.html, create-report-plan-console.html)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.account_sessions import session_as

MANAGEMENT = "123456789012"
REGION = "us-east-1"
BUCKET = "org-reports"


def _session(account: str) -> boto3.Session:
    return session_as(account, REGION)


def _organization() -> dict[str, str]:
    """An organization with OU workloads (accounts a and b) and OU other (account c)."""
    org = boto3.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ids: dict[str, str] = {}
    for unit, names in (("workloads", ("a", "b")), ("other", ("c",))):
        ids[unit] = org.create_organizational_unit(ParentId=root, Name=unit)["OrganizationalUnit"][
            "Id"
        ]
        for name in names:
            status = org.create_account(AccountName=name, Email=f"{name}@example.com")
            account = status["CreateAccountStatus"]["AccountId"]
            org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=ids[unit])
            ids[name] = account
    return ids


def _backup_job(session: boto3.Session, region: str = REGION) -> str:
    ec2, backup = (
        session.client("ec2", region_name=region),
        session.client("backup", region_name=region),
    )
    account = session.client("sts").get_caller_identity()["Account"]
    backup.create_backup_vault(BackupVaultName="vault")
    volume = ec2.create_volume(Size=8, AvailabilityZone=f"{region}a")["VolumeId"]
    return str(
        backup.start_backup_job(
            BackupVaultName="vault",
            ResourceArn=f"arn:aws:ec2:{region}:{account}:volume/{volume}",
            IamRoleArn=f"arn:aws:iam::{account}:role/backup",
        )["BackupJobId"]
    )


def _reports_role(account: str) -> str:
    return (
        f"arn:aws:iam::{account}:role/aws-service-role/reports.backup.amazonaws.com/"
        "AWSServiceRoleForBackupReports"
    )


def _bucket(
    session: boto3.Session, policy: bool = True, key_arn: str | None = None, bucket: str = BUCKET
) -> Any:
    s3 = session.client("s3")
    account = session.client("sts").get_caller_identity()["Account"]
    s3.create_bucket(Bucket=bucket)
    if policy:
        statement = {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{bucket}/*",
            "Condition": {
                "ArnEquals": {"aws:PrincipalArn": _reports_role(account)},
                "StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"},
            },
        }
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Statement": [statement]}))
    if key_arn:
        s3.put_bucket_encryption(
            Bucket=bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [
                    {
                        "ApplyServerSideEncryptionByDefault": {
                            "SSEAlgorithm": "aws:kms",
                            "KMSMasterKeyID": key_arn,
                        }
                    }
                ]
            },
        )
    return s3


def _plan(session: boto3.Session, template: str, bucket: str = BUCKET, **setting: Any) -> Any:
    backup = session.client("backup")
    backup.create_report_plan(
        ReportPlanName="plan",
        ReportDeliveryChannel={
            "S3BucketName": bucket,
            "S3KeyPrefix": "reports",
            "Formats": ["CSV"],
        },
        ReportSetting={"ReportTemplate": template, **setting},
    )
    return backup


def _run(backup: Any) -> dict[str, Any]:
    job_id = backup.start_report_job(ReportPlanName="plan")["ReportJobId"]
    job: dict[str, Any] = backup.describe_report_job(ReportJobId=job_id)["ReportJob"]
    return job


def _rows(s3: Any, job: dict[str, Any]) -> list[dict[str, str]]:
    (key,) = job["ReportDestination"]["S3Keys"]
    body = (
        s3.get_object(Bucket=job["ReportDestination"]["S3BucketName"], Key=key)["Body"]
        .read()
        .decode()
    )
    return list(csv.DictReader(io.StringIO(body)))


def test_an_organization_report_lists_the_jobs_of_its_ous_accounts_in_its_regions(
    aws: None,
) -> None:
    ids = _organization()
    wanted = _backup_job(_session(ids["a"]))
    _backup_job(_session(ids["a"]), "eu-west-1")  # another Region
    _backup_job(_session(ids["c"]))  # another OU
    _backup_job(boto3.Session(region_name=REGION))  # the management account, in no OU
    management = boto3.Session(region_name=REGION)
    s3 = _bucket(management)
    backup = _plan(
        management, "BACKUP_JOB_REPORT", OrganizationUnits=[ids["workloads"]], Regions=[REGION]
    )

    job = _run(backup)

    assert job["Status"] == "COMPLETED", job.get("StatusMessage")
    (key,) = job["ReportDestination"]["S3Keys"]
    assert key.startswith(f"reports/Backup/crossaccount/{REGION}/")
    assert key.endswith(".csv")
    assert [(r["Account ID"], r["Backup Job ID"], r["Job Status"]) for r in _rows(s3, job)] == [
        (ids["a"], wanted, "COMPLETED")
    ]


def test_a_delegated_administrator_may_report_on_the_organization_and_a_member_may_not(
    aws: None,
) -> None:
    ids = _organization()
    boto3.client("organizations").register_delegated_administrator(
        AccountId=ids["b"], ServicePrincipal="backup.amazonaws.com"
    )
    wanted = _backup_job(_session(ids["a"]))
    for account, expected in ((ids["b"], "COMPLETED"), (ids["c"], "FAILED")):
        session = _session(account)
        s3 = _bucket(session, bucket=f"reports-{account}")
        backup = _plan(
            session,
            "BACKUP_JOB_REPORT",
            bucket=f"reports-{account}",
            OrganizationUnits=[ids["workloads"]],
        )

        job = _run(backup)

        assert job["Status"] == expected
        if expected == "COMPLETED":
            assert [r["Backup Job ID"] for r in _rows(s3, job)] == [wanted]
        else:
            assert "delegated administrator" in job["StatusMessage"]
            assert s3.list_objects_v2(Bucket=f"reports-{account}").get("KeyCount") == 0


def test_a_bucket_whose_policy_does_not_admit_the_reports_role_gets_no_report(aws: None) -> None:
    session = boto3.Session(region_name=REGION)
    s3 = _bucket(session, policy=False)
    backup = _plan(session, "RESTORE_JOB_REPORT")

    job = _run(backup)

    assert job["Status"] == "FAILED"
    assert "s3:PutObject" in job["StatusMessage"]
    assert job["ReportDestination"]["S3Keys"] == []
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


@pytest.mark.parametrize("admits_role", [True, False])
def test_an_sse_kms_bucket_needs_a_key_policy_that_admits_the_reports_role(
    aws: None, admits_role: bool
) -> None:
    session = boto3.Session(region_name=REGION)
    owner = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }
    reports = {
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
        "Resource": "*",
        "Condition": {
            "ArnEquals": {"aws:PrincipalArn": _reports_role(MANAGEMENT)},
            "StringEquals": {"kms:ViaService": f"s3.{REGION}.amazonaws.com"},
        },
    }
    statements = [owner, reports] if admits_role else [owner]
    key_arn = session.client("kms").create_key(Policy=json.dumps({"Statement": statements}))[
        "KeyMetadata"
    ]["Arn"]
    s3 = _bucket(session, key_arn=key_arn)
    backup = _plan(session, "COPY_JOB_REPORT")

    job = _run(backup)

    if admits_role:
        assert job["Status"] == "COMPLETED", job.get("StatusMessage")
        (key,) = job["ReportDestination"]["S3Keys"]
        assert key.startswith(f"reports/Backup/{MANAGEMENT}/{REGION}/")
        head = s3.head_object(Bucket=BUCKET, Key=key)
        assert head["ServerSideEncryption"] == "aws:kms"
        assert head["SSEKMSKeyId"] == key_arn
        assert _rows(s3, job) == []
    else:
        assert job["Status"] == "FAILED"
        assert "kms:GenerateDataKey" in job["StatusMessage"]


def test_control_compliance_is_reported_as_not_evaluated_never_invented(aws: None) -> None:
    session = boto3.Session(region_name=REGION)
    s3 = _bucket(session)
    backup = _plan(session, "CONTROL_COMPLIANCE_REPORT")
    backup.create_framework(
        FrameworkName="controls",
        FrameworkControls=[
            {"ControlName": "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN"},
            {"ControlName": "BACKUP_RECOVERY_POINT_ENCRYPTED"},
        ],
    )

    rows = _rows(s3, _run(backup))

    assert [(r["Control Name"], r["Control Compliance Status"]) for r in rows] == [
        ("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", "NOT_EVALUATED"),
        ("BACKUP_RECOVERY_POINT_ENCRYPTED", "NOT_EVALUATED"),
    ]
    assert all("AWS Config" in r["Status Reason"] for r in rows)


def test_jobs_are_listed_by_plan_and_status_and_unknown_names_are_not_found(aws: None) -> None:
    session = boto3.Session(region_name=REGION)
    _bucket(session, policy=False)
    backup = _plan(session, "BACKUP_JOB_REPORT")
    failed = _run(backup)["ReportJobId"]

    assert [j["ReportJobId"] for j in backup.list_report_jobs(ByStatus="FAILED")["ReportJobs"]] == [
        failed
    ]
    assert backup.list_report_jobs(ByStatus="COMPLETED")["ReportJobs"] == []
    assert backup.list_report_jobs(ByReportPlanName="other")["ReportJobs"] == []
    for call, kwargs in (
        (backup.start_report_job, {"ReportPlanName": "missing"}),
        (backup.describe_report_job, {"ReportJobId": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}),
    ):
        with pytest.raises(ClientError) as raised:
            call(**kwargs)
        assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
