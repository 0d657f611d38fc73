"""The value types AWS accepts where its backup policy syntax gives none, and the text AWS
keeps for them in an effective policy.

A tag value (``recovery_point_tags.<name>.tag_value``, ``backup_plan_tags.<name>.tag_value``)
ends up as an AWS Backup tag, which is a string
(https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html,
``RecoveryPointTags``: map of string to string). The policy syntax page documents no JSON
type for it (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html),
and AWS's own examples write numbers and booleans as strings (``"60"``, ``"false"``), so a
JSON number or boolean is accepted and becomes its JSON text after the merge (``2`` → ``"2"``).
"""

from __future__ import annotations

import json
import math

from backup_org_policy_manager.policy.identifiers import matches
from backup_org_policy_manager.policy.issues import Path

__all__ = ["TEXT_SETTINGS", "as_text", "is_scalar", "stringify_text_settings"]

# Settings whose value AWS stores as text although a JSON scalar may be given.
TEXT_SETTINGS: tuple[tuple[str, ...], ...] = (
    ("plans", "*", "rules", "*", "recovery_point_tags", "*", "tag_value"),
    ("plans", "*", "backup_plan_tags", "*", "tag_value"),
)


def is_scalar(value: object) -> bool:
    """A JSON string, finite number or boolean (not null, a list or an object)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int)


def as_text(value: object) -> object:
    """A scalar as the text AWS keeps (``2`` → ``"2"``, ``True`` → ``"true"``); other values
    (strings included) are returned unchanged."""
    if isinstance(value, bool | int | float) and is_scalar(value):
        return json.dumps(value)
    return value


def stringify_text_settings(document: dict[str, object]) -> dict[str, object]:
    """A copy of a merged document with every ``TEXT_SETTINGS`` scalar turned into text."""
    return {key: _stringified(value, (key,)) for key, value in document.items()}


def _stringified(node: object, path: Path) -> object:
    if isinstance(node, dict):
        return {k: _stringified(v, (*path, k)) for k, v in node.items()}
    if isinstance(node, list):
        return [_stringified(v, path) for v in node]
    if any(matches(pattern, path) for pattern in TEXT_SETTINGS):
        return as_text(node)
    return node
