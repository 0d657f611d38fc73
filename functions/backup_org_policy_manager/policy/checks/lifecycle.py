"""Lifecycle: positive day counts, 90 days in cold storage, 35 days for continuous backups."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.operators import as_bool, as_int, assigned

__all__ = ["check_continuous_retention", "check_lifecycle"]

COLD_STORAGE_MINIMUM_DAYS = 90
CONTINUOUS_BACKUP_MAXIMUM_DAYS = 35
_DAYS = ("move_to_cold_storage_after_days", "delete_after_days")


def check_lifecycle(lifecycle: object) -> Iterator[Issue]:
    """Day counts are at least 1, and a backup stays 90 days in cold storage before deletion.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
    """
    if not isinstance(lifecycle, dict):
        return
    days: dict[str, int] = {}
    for key in _DAYS:
        value = as_int(assigned(lifecycle.get(key)))
        if value is None:
            continue
        if value < 1:
            yield Issue("P201", (key,), f"{key} must be at least 1, not {value}")
        else:
            days[key] = value
    cold, delete = days.get(_DAYS[0]), days.get(_DAYS[1])
    if cold is not None and delete is not None and delete < cold + COLD_STORAGE_MINIMUM_DAYS:
        message = (
            f"delete_after_days ({delete}) must be at least {COLD_STORAGE_MINIMUM_DAYS} days "
            f"after move_to_cold_storage_after_days ({cold}), so at least "
            f"{cold + COLD_STORAGE_MINIMUM_DAYS}"
        )
        yield Issue("P202", ("delete_after_days",), message)


def check_continuous_retention(rule: object) -> Iterator[Issue]:
    """Continuous backups (point-in-time recovery) are kept at most 35 days.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
    """
    if not isinstance(rule, dict) or not as_bool(assigned(rule.get("enable_continuous_backup"))):
        return
    lifecycle = rule.get("lifecycle")
    delete = (
        as_int(assigned(lifecycle.get("delete_after_days")))
        if isinstance(lifecycle, dict)
        else None
    )
    if delete is not None and delete > CONTINUOUS_BACKUP_MAXIMUM_DAYS:
        message = (
            f"continuous backups are kept at most {CONTINUOUS_BACKUP_MAXIMUM_DAYS} days; "
            f"delete_after_days is {delete}"
        )
        yield Issue("P203", ("lifecycle", "delete_after_days"), message)
