"""What a report job reports: the accounts and Regions of a report plan's ``ReportSetting`` and
the rows of each report template, read from the emulator's own job and framework state.

Job reports list "jobs finished in the last 24 hours and all active jobs"
(https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-api.html); columns
are a subset of AWS's, under AWS's names. Control compliance is not invented: AWS evaluates
controls through AWS Config, which the emulator lacks, so every control row says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from moto.backup.models import backup_backends
from moto.organizations.models import organizations_backends

from rehearsal.emulator.backup.frameworks import framework_backends

__all__ = [
    "JOB_TEMPLATES",
    "NOT_EVALUATED",
    "ReportScopeError",
    "report_rows",
    "report_scope",
]

NOT_EVALUATED = "NOT_EVALUATED"
_NOT_EVALUATED_WHY = (
    "not evaluated by the emulator: AWS Backup Audit Manager evaluates controls through "
    "AWS Config, which the emulator does not have"
)
_BACKUP_SERVICE = "backup.amazonaws.com"


class ReportScopeError(Exception):
    """The plan reports on accounts the caller may not report on, or on a template the
    emulator cannot produce; the job fails with this message."""


def _organization(account_id: str) -> Any | None:
    owner = organizations_backends.master_accounts.get(account_id)
    management = owner[0] if owner else account_id
    backend = organizations_backends[management][owner[1] if owner else "aws"]
    return backend if backend.org is not None else None


def _accounts_under(org: Any, parent_id: str) -> Iterator[str]:
    # The emulator's organizations backend indexes children by parent (organizations/tree.py).
    for account in org.accounts.children(parent_id):
        if account.status == "ACTIVE":
            yield account.id
    for unit in org.ou.children(parent_id):
        yield from _accounts_under(org, unit.id)


def _may_report_on_organization(org: Any, account_id: str) -> bool:
    """Only the management account or a delegated administrator for AWS Backup
    (create-report-plan-console.html: "available to management and delegated administrator
    accounts")."""
    if org.org.master_account_id == account_id:
        return True
    return any(a.account.id == account_id and _BACKUP_SERVICE in a.services for a in org.admins)


def report_scope(
    account_id: str, region: str, setting: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """(accounts, Regions) a plan's ``ReportSetting`` covers, as seen from ``account_id``.

    Raises
    ------
    ReportScopeError
        Other accounts are named and the caller is neither the management account nor a
        delegated administrator for AWS Backup.
    """
    accounts = list(setting.get("Accounts") or [])
    units = list(setting.get("OrganizationUnits") or [])
    regions = list(setting.get("Regions") or [region])
    if not accounts and not units:
        return [account_id], regions
    org = _organization(account_id)
    if org is None or not _may_report_on_organization(org, account_id):
        raise ReportScopeError(
            "only the management account or a delegated administrator for AWS Backup can "
            f"report on other accounts; {account_id} is neither"
        )
    if "ROOT" in accounts:
        accounts = [a.id for a in org.accounts if a.status == "ACTIVE"]
    for unit in units:
        accounts += _accounts_under(org, unit)
    return list(dict.fromkeys(accounts)), regions


def _recent(finished: datetime | None, state: str, since: datetime) -> bool:
    active = state in {"CREATED", "PENDING", "RUNNING"}
    if finished is not None and finished.tzinfo is None:
        finished = finished.replace(tzinfo=UTC)
    return active or (finished is not None and finished >= since)


def _job_rows(template: str, backend: Any, since: datetime) -> Iterator[dict[str, Any]]:
    where = {"Account ID": backend.account_id, "Region": backend.region_name}
    if template == "BACKUP_JOB_REPORT":
        for job in backend.backup_jobs.values():
            if _recent(job.completion_date, job.state, since):
                yield where | {
                    "Backup Job ID": job.backup_job_id,
                    "Job Status": job.state,
                    "Resource Type": job.resource_type,
                    "Resource ARN": job.resource_arn,
                    "Backup Vault Name": job.backup_vault_name,
                    "Recovery Point ARN": job.recovery_point_arn,
                    "Creation Date": job.creation_date.isoformat(),
                    "Completion Date": job.completion_date.isoformat(),
                }
    elif template == "COPY_JOB_REPORT":
        for job in backend.copy_state.copy_jobs.values():
            if _recent(job.completion_date, job.state, since):
                yield where | {
                    "Copy Job ID": job.copy_job_id,
                    "Job Status": job.state,
                    "Resource Type": job.resource_type,
                    "Resource ARN": job.resource_arn,
                    "Source Backup Vault ARN": job.source_backup_vault_arn,
                    "Destination Backup Vault ARN": job.destination_backup_vault_arn,
                    "Creation Date": job.creation_date.isoformat(),
                    "Completion Date": job.completion_date.isoformat(),
                }
    else:
        for restore in backend.restore_jobs.values():
            if _recent(restore.completion_date, restore.status, since):
                yield where | {
                    "Restore Job ID": restore.restore_job_id,
                    "Job Status": restore.status,
                    "Resource Type": restore.resource_type,
                    "Recovery Point ARN": restore.recovery_point_arn,
                    "Creation Date": restore.creation_date.isoformat(),
                    "Completion Date": restore.completion_date.isoformat(),
                }


def _control_rows(account_id: str, region: str) -> Iterator[dict[str, Any]]:
    for framework in framework_backends[account_id][region].list_frameworks():
        for control in framework.controls:
            yield {
                "Account ID": account_id,
                "Region": region,
                "Framework Name": framework.name,
                "Framework ARN": framework.arn,
                "Control Name": control["ControlName"],
                "Control Compliance Status": NOT_EVALUATED,
                "Status Reason": _NOT_EVALUATED_WHY,
            }


JOB_TEMPLATES = ("BACKUP_JOB_REPORT", "COPY_JOB_REPORT", "RESTORE_JOB_REPORT")


def report_rows(template: str, accounts: list[str], regions: list[str]) -> list[dict[str, Any]]:
    """The rows of one report over every (account, Region) pair, in that order.

    Raises
    ------
    ReportScopeError
        A template the emulator does not produce (RESOURCE_COMPLIANCE_REPORT, SCAN_JOB_REPORT).
    """
    since = datetime.now(UTC) - timedelta(hours=24)
    rows: list[dict[str, Any]] = []
    for account_id in accounts:
        for region in regions:
            if template in JOB_TEMPLATES:
                rows += _job_rows(template, backup_backends[account_id][region], since)
            elif template == "CONTROL_COMPLIANCE_REPORT":
                rows += _control_rows(account_id, region)
            else:
                raise ReportScopeError(f"the emulator does not produce {template} reports")
    return rows
