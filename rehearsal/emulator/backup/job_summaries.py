"""ListBackupJobSummaries, ListCopyJobSummaries and ListRestoreJobSummaries from the emulated jobs.

AWS counts jobs of the last 14 days per Region, account, state, resource type (and message
category for backup and copy jobs). ``AccountId`` ANY or AGGREGATE_ALL reaches every account of
the organization only from its management account or a delegated administrator of AWS Backup
with trusted access (cross-account monitoring) on; any other caller sees its own jobs.
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupJobSummaries.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/manage-cross-account.html
Emulator choices: a call counts the jobs of its own Region; an omitted dimension is ANY; an
omitted AggregationPeriod is ONE_DAY; ONE_DAY windows are UTC calendar days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from moto.backup.models import backup_backends
from moto.organizations.models import organizations_backends

from rehearsal.emulator.backup import listing
from rehearsal.emulator.backup.copy_auth import organization_of
from rehearsal.emulator.backup.exceptions import InvalidParameterValueException
from rehearsal.emulator.backup.models import ExtendedBackupBackend
from rehearsal.emulator.backup.restores import now

__all__ = ["JobKind", "JobSummary", "Page", "job_summaries", "visible_accounts"]

JobKind = Literal["backup", "copy", "restore"]
BACKUP_PRINCIPAL = "backup.amazonaws.com"
PERIODS = {"ONE_DAY": 1, "SEVEN_DAYS": 7, "FOURTEEN_DAYS": 14}
_ALL = "AGGREGATE_ALL"


@dataclass(frozen=True, slots=True)
class JobSummary:
    """One row of a *JobSummaries list; attribute names are botocore's, in snake_case."""

    region: str
    account_id: str
    state: str
    resource_type: str
    message_category: str
    count: int
    start_time: datetime
    end_time: datetime


Page = tuple[list[JobSummary], str | None]


def visible_accounts(caller: str, partition: str = "aws") -> list[str]:
    """The accounts whose jobs ``caller`` may count: the organization's active accounts for its
    management account or a delegated administrator of AWS Backup with trusted access on,
    else ``caller`` alone."""
    org = organization_of(caller, partition)
    if org is None:
        return [caller]
    backend = organizations_backends[org.management_account_id][partition]
    trusted = any(s["ServicePrincipal"] == BACKUP_PRINCIPAL for s in backend.services)
    admins = {a.account.id for a in backend.admins if BACKUP_PRINCIPAL in a.services}
    if not trusted or caller not in {org.management_account_id, *admins}:
        return [caller]
    return [account.id for account in backend.accounts if account.status == "ACTIVE"]


def _jobs(kind: JobKind, account: str, region: str) -> Iterator[tuple[str, str, str, datetime]]:
    """(state, resource type, message category, creation date) of each job of one backend."""
    backend = backup_backends[account].get(region) if account in backup_backends else None
    if not isinstance(backend, ExtendedBackupBackend):
        return
    by_kind: dict[JobKind, Iterable[Any]] = {
        "backup": backend.backup_jobs.values(),
        "copy": backend.copy_state.copy_jobs.values(),
        "restore": backend.restore_jobs.values(),
    }
    records = by_kind[kind]
    for job in records:
        state = job.status if kind == "restore" else job.state
        default = "SUCCESS" if state == "COMPLETED" else "UNKNOWN"
        yield state, job.resource_type, getattr(job, "message_category", default), job.creation_date


def _window(created: datetime, days: int, moment: datetime) -> tuple[datetime, datetime] | None:
    if days == 1:
        start = created.replace(hour=0, minute=0, second=0, microsecond=0)
        oldest = moment.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=13)
        return (start, start + timedelta(days=1)) if start >= oldest else None
    start = moment - timedelta(days=days)
    return (start, moment) if created >= start else None


def _dimension(wanted: str | None, actual: str) -> str | None:
    """The value a row carries for one dimension, or None when the job is filtered out."""
    if wanted in (None, "", "ANY"):
        return actual
    if wanted == _ALL:
        return _ALL
    return actual if actual == wanted else None


def job_summaries(kind: JobKind, caller: str, region: str, params: dict[str, Any]) -> Page:
    """One page of summaries for a call by ``caller`` in ``region`` with the request ``params``.

    Raises
    ------
    InvalidParameterValueException
        ``AggregationPeriod`` is not ONE_DAY, SEVEN_DAYS or FOURTEEN_DAYS, or the page
        parameters are out of range.
    """
    period = params.get("AggregationPeriod") or "ONE_DAY"
    if period not in PERIODS:
        raise InvalidParameterValueException(f"AggregationPeriod: invalid value {period}")
    moment, counts = now(), Counter[tuple[str, ...]]()
    windows: dict[tuple[str, ...], tuple[datetime, datetime]] = {}
    for account in visible_accounts(caller):
        for state, resource_type, category, created in _jobs(kind, account, region):
            window = _window(created, PERIODS[period], moment)
            values = (
                _dimension(params.get("AccountId"), account),
                _dimension(params.get("State"), state),
                _dimension(params.get("ResourceType"), resource_type),
                _dimension(params.get("MessageCategory"), category),
            )
            kept = [value for value in values if value is not None]
            if window is None or len(kept) < len(values):
                continue
            key = (*kept, window[0].isoformat())
            counts[key] += 1
            windows[key] = window
    rows = [
        JobSummary(region, key[0], key[1], key[2], key[3], count, *windows[key])
        for key, count in sorted(counts.items())
    ]
    tokens = {id(row): str(index) for index, row in enumerate(rows)}
    return listing.paginate(
        rows, lambda row: tokens[id(row)], params.get("MaxResults"), params.get("NextToken")
    )
