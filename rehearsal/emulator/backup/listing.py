"""Pagination and the filters of the List* operations.

A NextToken is the id of the first record of the next page, so a page boundary stays put
when newer records are added while a caller pages through older ones. Filters are keyed by
the botocore member names (``ByResourceArn``), as the parsed request carries them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from rehearsal.emulator.backup.exceptions import InvalidParameterValueException

__all__ = [
    "BACKUP_JOB_FILTERS",
    "MAX_RESULTS",
    "RECOVERY_POINT_FILTERS",
    "RESTORE_JOB_FILTERS",
    "matches",
    "paginate",
]

T = TypeVar("T")
Predicate = Callable[[Any, Any], bool]

# AWS caps MaxResults at 1000 for these operations.
MAX_RESULTS = 1000

_DATES: dict[str, Predicate] = {
    "ByCreatedAfter": lambda record, value: record.creation_date > value,
    "ByCreatedBefore": lambda record, value: record.creation_date < value,
    "ByCompleteAfter": lambda record, value: record.completion_date > value,
    "ByCompleteBefore": lambda record, value: record.completion_date < value,
}
BACKUP_JOB_FILTERS: Mapping[str, Predicate] = _DATES | {
    "ByResourceArn": lambda job, value: job.resource_arn == value,
    "ByState": lambda job, value: job.state == value,
    "ByBackupVaultName": lambda job, value: job.backup_vault_name == value,
    "ByResourceType": lambda job, value: job.resource_type == value,
    "ByAccountId": lambda job, value: job.account_id == value,
}
RECOVERY_POINT_FILTERS: Mapping[str, Predicate] = _DATES | {
    "ByResourceArn": lambda point, value: point.resource_arn == value,
    "ByResourceType": lambda point, value: point.resource_type == value,
    # On-demand recovery points belong to no plan, so a plan filter never matches them.
    "ByBackupPlanId": lambda point, value: False,
}
RESTORE_JOB_FILTERS: Mapping[str, Predicate] = _DATES | {
    "ByStatus": lambda job, value: job.status == value,
    "ByResourceType": lambda job, value: job.resource_type == value,
    "ByAccountId": lambda job, value: job.account_id == value,
    "ByRestoreTestingPlanArn": lambda job, value: (
        (job.created_by or {}).get("RestoreTestingPlanArn") == value
    ),
}


def matches(record: object, filters: Mapping[str, Any], table: Mapping[str, Predicate]) -> bool:
    """Whether ``record`` passes every filter that is set and that ``table`` knows."""
    return all(
        table[name](record, value)
        for name, value in filters.items()
        if value is not None and name in table
    )


def paginate(
    records: Sequence[T],
    ident: Callable[[T], str],
    max_results: int | None,
    next_token: str | None,
) -> tuple[list[T], str | None]:
    """One page of ``records`` and the token for the next page (None on the last page).

    Raises
    ------
    InvalidParameterValueException
        If ``max_results`` is outside 1..1000 or ``next_token`` names no record.
    """
    size = MAX_RESULTS if max_results is None else max_results
    if not 1 <= size <= MAX_RESULTS:
        raise InvalidParameterValueException(f"MaxResults must be between 1 and 1000: {size}")
    start = 0
    if next_token:
        ids = [ident(record) for record in records]
        if next_token not in ids:
            raise InvalidParameterValueException(f"Invalid NextToken: {next_token}")
        start = ids.index(next_token)
    end = start + size
    return list(records[start:end]), ident(records[end]) if end < len(records) else None
