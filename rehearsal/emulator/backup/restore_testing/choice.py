"""Which recovery points a restore test restores: per selection, one per protected resource.

Follows https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html and
API_RestoreTestingRecoveryPointSelection.html / API_RestoreTestingSelectionForCreate.html:
the point's resource type is the selection's; its resource is listed in
ProtectedResourceArns (or "*") and its tags meet ProtectedResourceConditions; its vault is in
IncludeVaults and not in ExcludeVaults; it is a SNAPSHOT or CONTINUOUS point as
RecoveryPointTypes allows; it was created within SelectionWindowDays (default 30). Then
LATEST_WITHIN_WINDOW takes each resource's newest point, RANDOM_WITHIN_WINDOW any one.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from fnmatch import fnmatchcase
from typing import Any

from rehearsal.emulator.backup.records import RecoveryPoint
from rehearsal.emulator.backup.restore_testing.checks import TAG_KEY_PREFIX
from rehearsal.emulator.backup.restore_testing.records import RestoreTestingSelection

__all__ = ["DEFAULT_SELECTION_WINDOW_DAYS", "choose_recovery_points", "point_type"]

DEFAULT_SELECTION_WINDOW_DAYS = 30


def point_type(point: RecoveryPoint) -> str:
    """SNAPSHOT: the emulator keeps no continuous (point-in-time) backups."""
    return "SNAPSHOT"


def _vault_in(point: RecoveryPoint, patterns: Iterable[str]) -> bool:
    return any(fnmatchcase(point.backup_vault_arn, pattern) for pattern in patterns)


def _tag(key: str) -> str:
    return key.removeprefix(TAG_KEY_PREFIX)


def _meets(tags: Mapping[str, str], conditions: Mapping[str, Any] | None) -> bool:
    equal = (conditions or {}).get("StringEquals") or []
    unequal = (conditions or {}).get("StringNotEquals") or []
    return all(tags.get(_tag(c["Key"])) == c["Value"] for c in equal) and all(
        tags.get(_tag(c["Key"])) != c["Value"] for c in unequal
    )


def _eligible(
    point: RecoveryPoint,
    recovery_point_selection: Mapping[str, Any],
    selection: RestoreTestingSelection,
    window_start: datetime,
) -> bool:
    arns = selection.protected_resource_arns or ["*"]
    return (
        point.status == "COMPLETED"
        and point.resource_type == selection.protected_resource_type
        and ("*" in arns or point.resource_arn in arns)
        and _meets(point.source.tags, selection.protected_resource_conditions)
        and _vault_in(point, recovery_point_selection.get("IncludeVaults") or [])
        and not _vault_in(point, recovery_point_selection.get("ExcludeVaults") or [])
        and point_type(point) in (recovery_point_selection.get("RecoveryPointTypes") or [])
        and point.creation_date >= window_start
    )


def choose_recovery_points(
    points: Iterable[RecoveryPoint],
    recovery_point_selection: Mapping[str, Any],
    selection: RestoreTestingSelection,
    now: datetime,
    rng: random.Random,
) -> list[RecoveryPoint]:
    """One recovery point per protected resource the selection matches, ordered by resource."""
    days = recovery_point_selection.get("SelectionWindowDays") or DEFAULT_SELECTION_WINDOW_DAYS
    window_start = now - timedelta(days=int(days))
    by_resource: dict[str, list[RecoveryPoint]] = {}
    for point in points:
        if _eligible(point, recovery_point_selection, selection, window_start):
            by_resource.setdefault(point.resource_arn, []).append(point)
    latest = recovery_point_selection.get("Algorithm") == "LATEST_WITHIN_WINDOW"
    return [_pick(by_resource[arn], latest, rng) for arn in sorted(by_resource)]


def _pick(candidates: Sequence[RecoveryPoint], latest: bool, rng: random.Random) -> RecoveryPoint:
    if latest:
        return max(candidates, key=lambda point: point.creation_date)
    return rng.choice(sorted(candidates, key=lambda point: point.creation_date))
