"""Rules: how many a plan may have, what a complete plan's rules must set, the vault name and
how many recovery point tags a rule sets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from backup_org_policy_manager.policy.checks.common import is_complete_plan, named
from backup_org_policy_manager.policy.checks.placeholders import PLACEHOLDER
from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.operators import assigned

__all__ = [
    "VAULT_NAME",
    "check_recovery_point_tags",
    "check_required_rule_settings",
    "check_rule_count",
    "check_vault_name",
]

# BackupVaultName in the AWS Backup API: 2-50 letters, digits, hyphens and underscores.
VAULT_NAME = re.compile(r"[A-Za-z0-9_-]{2,50}")

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


def check_vault_name(rule: object) -> Iterator[Issue]:
    """``target_backup_vault_name`` is 2-50 letters, digits, hyphens or underscores.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
    """
    name = assigned(rule.get("target_backup_vault_name")) if isinstance(rule, dict) else None
    # Placeholders are reported by P109, and $account outside an ARN by P604.
    if not isinstance(name, str) or PLACEHOLDER.search(name) or "$" in name:
        return
    if not VAULT_NAME.fullmatch(name):
        message = f"vault name {name!r} must be 2-50 letters, digits, hyphens or underscores"
        yield Issue("P123", ("target_backup_vault_name",), message)
