"""Every validation check with the path pattern of the nodes it applies to: ``$`` for the
document, or ``/``-separated keys where ``*`` matches any name (``plans/*/rules/*/lifecycle``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from backup_org_policy_manager.policy.checks import (
    arns,
    case,
    copy_actions,
    lifecycle,
    placeholders,
    regions,
    rules,
    schedule,
    selections,
    size,
    structure,
    tags,
)
from backup_org_policy_manager.policy.identifiers import CASE_INSENSITIVE
from backup_org_policy_manager.policy.issues import Issue

__all__ = ["CHECKS", "Check"]

Check = Callable[[object], Iterator[Issue]]

_RULE = "plans/*/rules/*"
# validate.py hands each node whose path matches to the check, then puts the node's path in
# front of the (relative) paths of the issues the check yields.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("$", structure.check_document),
    ("$", placeholders.check_placeholders),
    ("$", arns.check_account_placeholder),
    ("$", size.check_size),
    ("plans/*", rules.check_rule_count),
    ("plans/*", rules.check_required_rule_settings),
    ("plans/*", copy_actions.check_copy_targets_present),
    ("plans/*", selections.check_required_selection_settings),
    ("plans/*", regions.check_regions),
    (_RULE, rules.check_recovery_point_tags),
    (_RULE, schedule.check_schedule),
    (_RULE, schedule.check_windows),
    (_RULE, lifecycle.check_continuous_retention),
    (_RULE, arns.check_air_gapped_vault_arn),
    (f"{_RULE}/lifecycle", lifecycle.check_lifecycle),
    (f"{_RULE}/copy_actions", copy_actions.check_copy_actions),
    (f"{_RULE}/copy_actions/*/lifecycle", lifecycle.check_lifecycle),
    ("plans/*/selections", selections.check_selection_forms),
    ("plans/*/selections/tags/*", selections.check_selection),
    ("plans/*/selections/tags/*", selections.check_tag_selection),
    ("plans/*/selections/resources/*", selections.check_selection),
    ("plans/*/selections/resources/*", arns.check_resource_type_arns),
    ("plans/*/scan_settings/*", arns.check_scanner_role_arn),
    ("plans/*", selections.check_selection_count),
    ("plans/*", tags.check_plan_tag_count),
    (_RULE, rules.check_vault_name),
    (f"{_RULE}/recovery_point_tags/*", tags.check_tag),
    ("plans/*/backup_plan_tags/*", tags.check_tag),
    ("plans/*/selections/resources/*", selections.check_resource_count),
    *(("/".join(pattern), case.check_case_duplicates) for pattern in CASE_INSENSITIVE),
)
