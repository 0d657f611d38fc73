"""Rules: how many a plan may have, what a complete plan's rules must set, recovery point tags."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.checks.common import is_complete_plan, named
from backup_org_policy_manager.policy.issues import Issue

__all__ = ["check_recovery_point_tags", "check_required_rule_settings", "check_rule_count"]

MAX_RULES = 10
MAX_RECOVERY_POINT_TAGS = 10
REQUIRED = ("schedule_expression", "target_backup_vault_name")


def check_rule_count(plan: object) -> Iterator[Issue]:
    """At most 10 rules per plan.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html
    """
    count = sum(1 for _ in named(plan, "rules"))
    if count > MAX_RULES:
        yield Issue("P120", ("rules",), f"a plan may have at most {MAX_RULES} rules, not {count}")


def check_required_rule_settings(plan: object) -> Iterator[Issue]:
    """Each rule of a complete plan sets a schedule and a target vault.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-rules
    """
    if not is_complete_plan(plan):
        return
    for name, rule in named(plan, "rules"):
        if not isinstance(rule, dict):
            continue
        for key in REQUIRED:
            if key not in rule:
                message = f"rule {name!r} needs {key} in a complete plan"
                yield Issue("P121", ("rules", name), message)


def check_recovery_point_tags(rule: object) -> Iterator[Issue]:
    """At most 10 recovery point tags per rule.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html
    """
    count = sum(1 for _ in named(rule, "recovery_point_tags"))
    if count > MAX_RECOVERY_POINT_TAGS:
        message = (
            f"a rule may set at most {MAX_RECOVERY_POINT_TAGS} recovery point tags, not {count}"
        )
        yield Issue("P122", ("recovery_point_tags",), message)
