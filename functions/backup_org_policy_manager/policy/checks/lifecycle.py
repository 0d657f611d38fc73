"""Lifecycle: 1 to 36,500 days, 90 days in cold storage, continuous backups kept 35 days at
most and never moved to cold storage. Applies to rules and to copy actions alike."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.operators import as_bool, as_int, assigned

__all__ = ["check_continuous_retention", "check_lifecycle"]

COLD_STORAGE_MINIMUM_DAYS = 90
CONTINUOUS_BACKUP_MAXIMUM_DAYS = 35
MAXIMUM_DAYS = 36_500
_DAYS = ("move_to_cold_storage_after_days", "delete_after_days")


def check_lifecycle(lifecycle: object) -> Iterator[Issue]:
    """Day counts are 1 to 36,500, and a backup stays 90 days in cold storage before deletion.

    AWS Backup refuses more ("DeleteAfterDays cannot be less than 1 or more than 36500 days"),
    in a rule's lifecycle and in a copy action's.
    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
    https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html
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
        elif value > MAXIMUM_DAYS:
            yield Issue("P204", (key,), f"{key} must be at most {MAXIMUM_DAYS:,}, not {value:,}")
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
    """Continuous backups (point-in-time recovery) are kept at most 35 days and never moved to
    cold storage.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-rules
    """
    if not isinstance(rule, dict) or not as_bool(assigned(rule.get("enable_continuous_backup"))):
        return
    lifecycle = rule.get("lifecycle")
    if not isinstance(lifecycle, dict):
        return
    delete = as_int(assigned(lifecycle.get("delete_after_days")))
    if delete is not None and delete > CONTINUOUS_BACKUP_MAXIMUM_DAYS:
        message = (
            f"continuous backups are kept at most {CONTINUOUS_BACKUP_MAXIMUM_DAYS} days; "
            f"delete_after_days is {delete}"
        )
        yield Issue("P203", ("lifecycle", "delete_after_days"), message)
    if assigned(lifecycle.get(_DAYS[0])) is not None:
        message = "continuous backups cannot move to cold storage; remove this setting"
        yield Issue("P205", ("lifecycle", _DAYS[0]), message)
