"""Routes and response of the three job-summary operations (``/audit/*-job-summaries``).

Parsed and serialized through the botocore model, like the other backup operations.
"""

from __future__ import annotations

from moto.backup import urls as backup_urls
from moto.core.responses import ActionResult

from rehearsal.emulator.backup.job_summaries import JobKind, job_summaries
from rehearsal.emulator.backup.responses import ExtendedBackupResponse

__all__ = ["ROUTES", "JobSummariesResponse", "install"]

ROUTES = (
    "{0}/audit/backup-job-summaries$",
    "{0}/audit/copy-job-summaries$",
    "{0}/audit/restore-job-summaries$",
)


class JobSummariesResponse(ExtendedBackupResponse):
    """ExtendedBackupResponse plus ListBackupJobSummaries, ListCopyJobSummaries and
    ListRestoreJobSummaries."""

    def _summaries(self, kind: JobKind, member: str) -> ActionResult:
        params = self._params()
        rows, token = job_summaries(kind, self.current_account, self.region, params)
        period = params.get("AggregationPeriod") or "ONE_DAY"
        return ActionResult({member: rows, "AggregationPeriod": period, "NextToken": token})

    def list_backup_job_summaries(self) -> ActionResult:
        return self._summaries("backup", "BackupJobSummaries")

    def list_copy_job_summaries(self) -> ActionResult:
        return self._summaries("copy", "CopyJobSummaries")

    def list_restore_job_summaries(self) -> ActionResult:
        return self._summaries("restore", "RestoreJobSummaries")


def install() -> None:
    """Route the three operations to ``JobSummariesResponse`` (idempotent); after backup's."""
    for route in ROUTES:
        backup_urls.url_paths[route] = JobSummariesResponse.dispatch
