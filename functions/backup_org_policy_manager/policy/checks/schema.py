"""The keys a backup policy may hold at each level and the kind of value each setting takes.

Source: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["ROOT", "Leaf", "Named", "Obj", "Spec"]

LeafKind = Literal["string", "scalar", "integer", "boolean", "strings", "any"]


@dataclass(frozen=True, slots=True)
class Leaf:
    """A setting: one value (or a list for ``strings``), optionally from a fixed set.

    ``integer`` and ``boolean`` also accept the strings AWS's examples use (``"60"``,
    ``"false"``); ``scalar`` takes a string, number or boolean.
    """

    kind: LeafKind
    choices: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Obj:
    """An object with a fixed set of keys."""

    keys: Mapping[str, Spec]


@dataclass(frozen=True, slots=True)
class Named:
    """An object whose keys are names the author picks (plans, rules, selections, tags...)."""

    item: Spec
    name: re.Pattern[str] | None = field(default=None)


Spec = Leaf | Obj | Named

# CreateBackupPlan: plan, rule and selection names are 1-50 of [a-zA-Z0-9-_.].
# https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
BACKUP_NAME = re.compile(r"[A-Za-z0-9_.-]{1,50}")
ENABLED = frozenset({"enabled", "disabled"})

STRING = Leaf("string")
INTEGER = Leaf("integer")
BOOLEAN = Leaf("boolean")
STRINGS = Leaf("strings")

LIFECYCLE = Obj(
    {
        "move_to_cold_storage_after_days": INTEGER,
        "delete_after_days": INTEGER,
        "opt_in_to_archive_for_supported_resources": BOOLEAN,
    }
)
# A tag value may be any JSON scalar; it becomes text after the merge (see policy/values.py).
TAG = Obj({"tag_key": STRING, "tag_value": Leaf("scalar")})
CONDITION = Obj({"condition_key": STRING, "condition_value": STRING})
CONDITIONS = Obj(
    {
        name: Named(CONDITION)
        for name in ("string_equals", "string_not_equals", "string_like", "string_not_like")
    }
)
RULE = Obj(
    {
        "schedule_expression": STRING,
        "target_backup_vault_name": STRING,
        "target_logically_air_gapped_backup_vault_arn": STRING,
        "start_backup_window_minutes": INTEGER,
        "complete_backup_window_minutes": INTEGER,
        "enable_continuous_backup": BOOLEAN,
        "lifecycle": LIFECYCLE,
        "copy_actions": Named(Obj({"target_backup_vault_arn": STRING, "lifecycle": LIFECYCLE})),
        "recovery_point_tags": Named(TAG),
        "index_actions": Obj({"resource_types": Leaf("strings", frozenset({"EBS", "S3"}))}),
        "scan_actions": Named(
            Obj({"scan_mode": Leaf("string", frozenset({"INCREMENTAL_SCAN", "FULL_SCAN"}))})
        ),
    }
)
SELECTIONS = Obj(
    {
        # tag_value's type is checked in selections.py (P504), with a more helpful message.
        "tags": Named(
            Obj(
                {
                    "iam_role_arn": STRING,
                    "tag_key": STRING,
                    "tag_value": Leaf("any"),
                    "conditions": CONDITIONS,
                }
            ),
            BACKUP_NAME,
        ),
        "resources": Named(
            Obj(
                {
                    "iam_role_arn": STRING,
                    "resource_types": STRINGS,
                    "not_resource_types": STRINGS,
                    "conditions": CONDITIONS,
                }
            ),
            BACKUP_NAME,
        ),
    }
)
PLAN = Obj(
    {
        "regions": STRINGS,
        "rules": Named(RULE, BACKUP_NAME),
        "selections": SELECTIONS,
        "advanced_backup_settings": Obj(
            {
                "ec2": Obj({"windows_vss": Leaf("string", ENABLED)}),
                "s3": Obj(
                    {
                        "backup_acls": Leaf("string", ENABLED),
                        "backup_object_tags": Leaf("string", ENABLED),
                    }
                ),
            }
        ),
        "backup_plan_tags": Named(TAG),
        "scan_settings": Named(
            Obj(
                {
                    "resource_types": Leaf("strings", frozenset({"EBS", "EC2", "S3", "ALL"})),
                    "scanner_role_arn": STRING,
                }
            )
        ),
    }
)
ROOT = Obj({"plans": Named(PLAN, BACKUP_NAME)})
