"""Read AWS Backup's job summaries of every account, per Region (the boto3 edge).

``AccountId=ANY`` counts the jobs of every account of the organization when the caller is
its management account or AWS Backup's delegated administrator with cross-account
monitoring on; elsewhere AWS returns the caller's own jobs.
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupJobSummaries.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/manage-cross-account.html
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from job_summary.clients import ClientFactory

__all__ = ["KINDS", "JobKind", "SummaryRow", "list_summaries"]

JobKind = Literal["backup", "copy", "restore"]
# Operation, the list member of its output, and whether it has a MessageCategory dimension.
KINDS: dict[JobKind, tuple[str, str, bool]] = {
    "backup": ("list_backup_job_summaries", "BackupJobSummaries", True),
    "copy": ("list_copy_job_summaries", "CopyJobSummaries", True),
    "restore": ("list_restore_job_summaries", "RestoreJobSummaries", False),
}


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One job count: which kind, where, in which state, over which window."""

    kind: JobKind
    region: str
    account_id: str
    state: str
    resource_type: str
    message_category: str
    count: int
    start_time: datetime
    end_time: datetime


def _pages(call: Any, member: str, params: dict[str, str]) -> Iterator[dict[str, Any]]:
    # botocore has no paginator for these operations: follow NextToken by hand.
    token: str | None = None
    while True:
        page = call(**params, **({"NextToken": token} if token else {}))
        yield from page.get(member, [])
        token = page.get("NextToken")
        if not token:
            return


def list_summaries(
    client: ClientFactory, regions: Iterable[str], kinds: Iterable[JobKind] = tuple(KINDS)
) -> list[SummaryRow]:
    """Daily (``ONE_DAY``) job counts of every account, state and message category, per Region.

    A row that two Regions' answers both carry is kept once, so the result is right whether
    AWS answers a Regional call with that Region's jobs or with every Region's.
    """
    rows: dict[tuple[Any, ...], SummaryRow] = {}
    for region in regions:
        backup = client("backup", region)
        for kind in kinds:
            operation, member, has_category = KINDS[kind]
            params = {
                "AccountId": "ANY",
                "State": "ANY",
                "ResourceType": "ANY",
                "AggregationPeriod": "ONE_DAY",
            }
            if has_category:
                params["MessageCategory"] = "ANY"
            for item in _pages(getattr(backup, operation), member, params):
                row = SummaryRow(
                    kind=kind,
                    region=str(item.get("Region", region)),
                    account_id=str(item.get("AccountId", "")),
                    state=str(item.get("State", "")),
                    resource_type=str(item.get("ResourceType", "")),
                    message_category=str(item.get("MessageCategory", "")),
                    count=int(item.get("Count", 0)),
                    start_time=item["StartTime"],
                    end_time=item["EndTime"],
                )
                key = (kind, row.region, row.account_id, row.state, row.resource_type)
                rows[(*key, row.message_category, row.start_time)] = row
    return list(rows.values())
