"""Which names in a backup policy AWS compares without regard to case, and how it shows them.

AWS lower-cases the names authors pick: ``DescribeEffectivePolicy`` returns a policy's
``PII_Backup_Plan`` plan as ``pii_backup_plan`` with its ``hourly`` rule and ``datatype``
selection (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_effective.html);
the syntax page says the identifiers under ``recovery_point_tags``, ``selections.tags`` and
``backup_plan_tags`` are the name "in all lower case" and "not case sensitive", and that a copy
action without ``target_backup_vault_arn`` gets "an all lower-case version of the ARN in the
parent key name" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html).
So plan names, rule names, selection names, copy action keys and tag identifiers are one name
whatever their case. Setting names and values keep their case.
"""

from __future__ import annotations

from collections.abc import Mapping

from backup_org_policy_manager.policy.issues import Path

__all__ = ["CASE_INSENSITIVE", "aws_case", "fold", "folds_children", "matches"]

# Containers whose keys are case-insensitive identifiers ("*" matches any one name).
CASE_INSENSITIVE: tuple[tuple[str, ...], ...] = (
    ("plans",),
    ("plans", "*", "rules"),
    ("plans", "*", "rules", "*", "copy_actions"),
    ("plans", "*", "selections", "tags"),
    ("plans", "*", "selections", "resources"),
    ("plans", "*", "rules", "*", "recovery_point_tags"),
    ("plans", "*", "backup_plan_tags"),
)


def fold(name: str) -> str:
    """The form AWS compares and shows an identifier in: all lower case."""
    return name.lower()


def matches(pattern: tuple[str, ...], path: Path) -> bool:
    """Whether ``path`` fits ``pattern``, where ``"*"`` stands for any one key."""
    return len(pattern) == len(path) and all(
        p in ("*", k) for p, k in zip(pattern, path, strict=True)
    )


def folds_children(path: Path) -> bool:
    """Whether the keys of the object at ``path`` are compared without regard to case."""
    return any(matches(pattern, path) for pattern in CASE_INSENSITIVE)


def aws_case(document: Mapping[str, object]) -> dict[str, object]:
    """``document`` with every case-insensitive identifier lower-cased, as AWS shows it.

    Applied to an effective policy (operators stripped) it gives what
    ``DescribeEffectivePolicy`` shows; values and other keys are untouched.
    """
    return {key: _lowered(value, (key,)) for key, value in document.items()}


def _lowered(node: object, path: Path) -> object:
    if isinstance(node, list):
        return [_lowered(item, path) for item in node]
    if not isinstance(node, dict):
        return node
    lower = folds_children(path)
    return {(fold(k) if lower else k): _lowered(v, (*path, k)) for k, v in node.items()}
