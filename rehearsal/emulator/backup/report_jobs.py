"""AWS Backup Audit Manager report jobs for the emulator: StartReportJob runs the job inside
the call (rows from ``report_jobs_rows``, the file through ``report_jobs_delivery``), and
DescribeReportJob / ListReportJobs read it back; a job that cannot deliver ends ``FAILED``
with the reason, as AWS's does.
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartReportJob.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ReportJob.html
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moto.backup import urls as backup_urls
from moto.backup.models import backup_backends
from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random

from rehearsal.emulator.backup.frameworks import ResourceNotFoundException
from rehearsal.emulator.backup.report_jobs_delivery import (
    DeliveryError,
    deliver,
    report_body,
    report_key,
)
from rehearsal.emulator.backup.report_jobs_rows import ReportScopeError, report_rows, report_scope

__all__ = ["ReportJob", "ReportJobBackend", "report_job_backends"]


@dataclass(slots=True)
class ReportJob:
    """One report job as DescribeReportJob returns it."""

    report_job_id: str
    report_plan_arn: str
    report_plan_name: str
    report_template: str
    creation_time: datetime
    status: str = "COMPLETED"
    status_message: str = ""
    bucket: str = ""
    keys: list[str] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        job: dict[str, Any] = {
            "ReportJobId": self.report_job_id,
            "ReportPlanArn": self.report_plan_arn,
            "ReportTemplate": self.report_template,
            "CreationTime": self.creation_time,
            "CompletionTime": self.creation_time,
            "Status": self.status,
            "ReportDestination": {"S3BucketName": self.bucket, "S3Keys": list(self.keys)},
        }
        if self.status_message:
            job["StatusMessage"] = self.status_message
        return job


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(name for row in rows for name in row)) or ["Account ID", "Region"]


class ReportJobBackend(BaseBackend):
    """The report jobs of one account and Region."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.jobs: dict[str, ReportJob] = {}

    @property
    def _url_module(self) -> Any:
        return backup_urls

    def start_report_job(self, report_plan_name: str) -> ReportJob:
        """Run the plan's report now; ResourceNotFoundException for an unknown plan."""
        plan = backup_backends[self.account_id][self.region_name].describe_report_plan(
            report_plan_name
        )
        setting = plan.report_setting or {}
        channel = plan.report_delivery_channel or {}
        template = setting.get("ReportTemplate", "")
        now = utcnow()
        job = ReportJob(
            str(mock_random.uuid4()), plan.report_plan_arn, plan.report_plan_name, template, now
        )
        job.bucket = channel.get("S3BucketName", "")
        try:
            accounts, regions = report_scope(self.account_id, self.region_name, setting)
            rows = report_rows(template, accounts, regions)
            account = accounts[0] if accounts == [self.account_id] else "crossaccount"
            region = regions[0] if regions == [self.region_name] else "crossregion"
            for file_format in channel.get("Formats") or ["CSV"]:
                key = report_key(
                    channel.get("S3KeyPrefix", ""),
                    account,
                    region,
                    now,
                    f"{plan.report_plan_name}_{job.report_job_id}",
                    file_format,
                )
                deliver(
                    self.account_id,
                    self.region_name,
                    job.bucket,
                    key,
                    report_body(rows, file_format, _columns(rows)),
                )
                job.keys.append(key)
        except (ReportScopeError, DeliveryError) as error:
            job.status, job.status_message = "FAILED", str(error)
        self.jobs[job.report_job_id] = job
        return job

    def describe_report_job(self, report_job_id: str) -> ReportJob:
        if report_job_id not in self.jobs:
            raise ResourceNotFoundException(f"Report job {report_job_id} not found")
        return self.jobs[report_job_id]

    def list_report_jobs(
        self, plan_name: str | None = None, status: str | None = None
    ) -> list[ReportJob]:
        jobs = sorted(self.jobs.values(), key=lambda j: j.creation_time, reverse=True)
        return [
            j
            for j in jobs
            if (plan_name is None or j.report_plan_name == plan_name)
            and (status is None or j.status == status)
        ]


report_job_backends = BackendDict(ReportJobBackend, "backup")
