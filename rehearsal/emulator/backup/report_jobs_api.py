"""The HTTP side of the emulator's report jobs: parse through the botocore model, call
``ReportJobBackend``, serialize; ``install()`` routes ``/audit/report-jobs``.
"""

from __future__ import annotations

from moto.backup import urls as backup_urls
from moto.core.responses import ActionResult, BaseResponse

from rehearsal.emulator.backup.report_jobs import ReportJobBackend, report_job_backends

__all__ = ["ROUTES", "ReportJobResponse", "install"]

# StartReportJob (POST, a plan name) and DescribeReportJob (GET, a job id) share one path;
# botocore's model tells them apart by method.
ROUTES = ("{0}/audit/report-jobs$", "{0}/audit/report-jobs/(?P<name>[^/]+)$")


class ReportJobResponse(BaseResponse):
    """StartReportJob, DescribeReportJob and ListReportJobs."""

    def __init__(self) -> None:
        super().__init__(service_name="backup")

    @property
    def backend(self) -> ReportJobBackend:
        return report_job_backends[self.current_account][self.region]

    def _parsed(self) -> dict[str, object]:
        self.parse_parameters(self.normalized_request)
        return dict(self.params)

    def start_report_job(self) -> ActionResult:
        job = self.backend.start_report_job(str(self._parsed()["ReportPlanName"]))
        return ActionResult({"ReportJobId": job.report_job_id})

    def describe_report_job(self) -> ActionResult:
        job = self.backend.describe_report_job(str(self._parsed()["ReportJobId"]))
        return ActionResult({"ReportJob": job.describe()})

    def list_report_jobs(self) -> ActionResult:
        params = self._parsed()
        plan = params.get("ByReportPlanName")
        status = params.get("ByStatus")
        jobs = self.backend.list_report_jobs(
            str(plan) if plan else None, str(status) if status else None
        )
        return ActionResult({"ReportJobs": [job.describe() for job in jobs]})


def install() -> None:
    """Route ``/audit/report-jobs`` to ``ReportJobResponse`` (idempotent)."""
    for path in ROUTES:
        backup_urls.url_paths[path] = ReportJobResponse.dispatch
