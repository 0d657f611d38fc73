"""Selections: one form per plan (tags or resources), how many per plan, role ARNs, tag values,
conditions and how many resource ARNs one selection names."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.checks.arns import ROLE_ARN
from backup_org_policy_manager.policy.checks.common import is_complete_plan, named, selection_items
from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.operators import assigned, children, settings

__all__ = [
    "check_required_selection_settings",
    "check_resource_count",
    "check_selection",
    "check_selection_count",
    "check_selection_forms",
    "check_tag_selection",
]

MAX_CONDITIONS = 30
MAX_SELECTIONS = 50
MAX_RESOURCE_ARNS = 500
MAX_WILDCARD_ARNS = 30
_REQUIRED = {
    "tags": ("iam_role_arn", "tag_key", "tag_value"),
    "resources": ("iam_role_arn", "resource_types"),
}


def check_selection_forms(selections: object) -> Iterator[Issue]:
    """``tags`` and ``resources`` are mutually exclusive in a plan's selections.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-plan-selections
    """
    if isinstance(selections, dict) and "tags" in selections and "resources" in selections:
        message = "selections can use tags or resources, not both; put tag conditions in resources"
        yield Issue("P501", ("resources",), message)


def check_selection(selection: object) -> Iterator[Issue]:
    """A selection's role is an IAM role ARN and it has at most 30 conditions.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-plan-selections
    """
    if not isinstance(selection, dict):
        return
    role = assigned(selection.get("iam_role_arn"))
    if isinstance(role, str) and not ROLE_ARN.fullmatch(role):
        yield Issue("P503", ("iam_role_arn",), f"iam_role_arn {role!r} is not an IAM role ARN")
    count = sum(sum(1 for _ in children(group)) for _, group in named(selection, "conditions"))
    if count > MAX_CONDITIONS:
        message = f"a selection may have at most {MAX_CONDITIONS} conditions, not {count}"
        yield Issue("P505", ("conditions",), message)


def check_tag_selection(selection: object) -> Iterator[Issue]:
    """A tags selection's ``tag_value`` is a list of strings.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-plan-selections
    """
    if not isinstance(selection, dict) or "tag_value" not in selection:
        return
    for where, value in settings(selection["tag_value"]):
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            message = 'tag_value must be a list of strings, e.g. ["daily"]'
            yield Issue("P504", ("tag_value", *where), message)


def check_required_selection_settings(plan: object) -> Iterator[Issue]:
    """A complete plan selects resources, and each selection names a role and what it selects.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-plan-selections
    """
    if not is_complete_plan(plan):
        return
    items = list(selection_items(plan))
    if not items:
        message = "a complete plan needs at least one tags or resources selection"
        yield Issue("P506", ("selections",), message)
    for form, name, selection in items:
        if not isinstance(selection, dict):
            continue
        for key in _REQUIRED[form]:
            if key not in selection:
                message = f"selection {name!r} needs {key} in a complete plan"
                yield Issue("P506", ("selections", form, name), message)


def check_selection_count(plan: object) -> Iterator[Issue]:
    """At most 50 selections (resource assignments) per plan.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html
    """
    count = sum(1 for _ in selection_items(plan))
    if count > MAX_SELECTIONS:
        message = f"a plan may have at most {MAX_SELECTIONS} selections, not {count}"
        yield Issue("P507", ("selections",), message)


def check_resource_count(selection: object) -> Iterator[Issue]:
    """``resource_types`` names at most 500 ARNs, or 30 when any has a wildcard.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html
    """
    if not isinstance(selection, dict):
        return
    arns = [
        arn
        for _, value in settings(selection.get("resource_types"))
        if isinstance(value, list)
        for arn in value
        if isinstance(arn, str)
    ]
    wildcard = any("*" in arn for arn in arns)
    limit = MAX_WILDCARD_ARNS if wildcard else MAX_RESOURCE_ARNS
    if len(arns) > limit:
        kind = " when one has a wildcard" if wildcard else ""
        message = f"a selection may name at most {limit} resource ARNs{kind}, not {len(arns)}"
        yield Issue("P508", ("resource_types",), message)
