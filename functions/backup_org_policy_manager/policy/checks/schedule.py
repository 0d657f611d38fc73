"""Schedule: cron syntax, at most one backup an hour, and the start/complete windows
(60 minutes to 100 years)."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.checks.cron import cron_problems
from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.operators import as_int, assigned

__all__ = ["check_schedule", "check_windows"]

MINIMUM_START_WINDOW = 60
MAXIMUM_WINDOW = 52_560_000  # 100 years, in minutes
_WINDOWS = ("start_backup_window_minutes", "complete_backup_window_minutes")


def check_schedule(rule: object) -> Iterator[Issue]:
    """``schedule_expression`` is a valid cron expression that runs at most once an hour.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
    """
    expression = assigned(rule.get("schedule_expression")) if isinstance(rule, dict) else None
    if not isinstance(expression, str):
        return
    path = ("schedule_expression",)
    problems = list(cron_problems(expression))
    for code, message in problems:
        yield Issue(code, path, message)
    minutes = expression.strip()[5:].split()[0] if not problems else ""
    if minutes and not minutes.isdigit():
        # AWS Backup refuses jobs less than 60 minutes apart ("The interval between backup
        # jobs shouldn't be less than 60 minutes"), so the minutes field names one minute:
        # https://repost.aws/questions/QUwYlivOoWTHi1nSuSGjTVFg
        yield Issue("P306", path, f"minutes field {minutes!r} runs more than once an hour")


def check_windows(rule: object) -> Iterator[Issue]:
    """The start window is at least 60 minutes, the completion window is longer, and neither
    exceeds 100 years (52,560,000 minutes).

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-rules
    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html
    """
    if not isinstance(rule, dict):
        return
    start, complete = (as_int(assigned(rule.get(key))) for key in _WINDOWS)
    for key, value in zip(_WINDOWS, (start, complete), strict=True):
        if value is not None and value > MAXIMUM_WINDOW:
            message = f"{key} must be at most {MAXIMUM_WINDOW:,} (100 years), not {value:,}"
            yield Issue("P307", (key,), message)
    if start is not None and start < MINIMUM_START_WINDOW:
        message = (
            f"start_backup_window_minutes must be at least {MINIMUM_START_WINDOW}, not {start}"
        )
        yield Issue("P304", ("start_backup_window_minutes",), message)
    if start is not None and complete is not None and complete <= start:
        message = (
            f"complete_backup_window_minutes ({complete}) must be longer than "
            f"start_backup_window_minutes ({start})"
        )
        yield Issue("P305", ("complete_backup_window_minutes",), message)
