"""Pure tag arithmetic: which tags a restored resource gets, under AWS's limits.

Values: provenance over source over recovery point. Under the per-resource limit the
resource's own tags come first, then source, recovery point and provenance tags, as
DESIGN 4.3 orders them. ``aws:`` keys are AWS's own: they cannot be written and do not
count towards the limit (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "MAX_TAGS",
    "RESERVED_PREFIX",
    "TagPlan",
    "batches",
    "is_excluded",
    "plan_tags",
    "provenance_tags",
]

Tags = Mapping[str, str]
MAX_TAGS = 50
RESERVED_PREFIX = "aws:"


@dataclass(frozen=True, slots=True)
class TagPlan:
    """The tags to write, and the keys left out with the reason for each group."""

    to_write: dict[str, str]
    kept_existing: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    over_limit: tuple[str, ...] = ()


def is_excluded(key: str, patterns: Iterable[str]) -> bool:
    """Whether ``key`` is reserved (``aws:``) or matches an exclusion (``x`` or prefix ``x*``)."""
    if key.lower().startswith(RESERVED_PREFIX):
        return True
    return any(
        key.startswith(pattern[:-1]) if pattern.endswith("*") else key == pattern
        for pattern in patterns
    )


def provenance_tags(
    prefix: str,
    restore_job_id: str,
    recovery_point_arn: str | None,
    source_resource_arn: str | None,
) -> dict[str, str]:
    """Tags recording where a restored resource came from (absent values are left out)."""
    values = {
        "restore-job-id": restore_job_id,
        "recovery-point-arn": recovery_point_arn,
        "source-resource-arn": source_resource_arn,
    }
    return {prefix + name: value for name, value in values.items() if value}


def plan_tags(
    existing: Tags,
    source: Tags,
    recovery_point: Tags,
    provenance: Tags,
    *,
    excluded: Iterable[str] = (),
    overwrite: bool = False,
    max_tags: int = MAX_TAGS,
    count_reserved: bool = False,
) -> TagPlan:
    """Merge the tag sources for one resource that already carries ``existing``.

    Keys the resource has are left alone unless ``overwrite``; keys with the value the
    resource already has are not written again, so a repeated event writes nothing.
    ``count_reserved``: the resource's ``aws:`` tags take slots under ``max_tags`` too (S3,
    whose PutBucketTagging must send them back within its 50-tag set).
    """
    patterns = tuple(excluded)
    merged = {**recovery_point, **source, **provenance}
    # The order in which new keys claim the free slots under the limit.
    ordered = dict.fromkeys([*sorted(source), *sorted(recovery_point), *sorted(provenance)])
    dropped = tuple(key for key in ordered if is_excluded(key, patterns))
    kept: list[str] = []
    changed: dict[str, str] = {}
    added: list[str] = []
    for key in ordered:
        if key in dropped or existing.get(key) == merged[key]:
            continue
        if key not in existing:
            added.append(key)
        elif overwrite:
            changed[key] = merged[key]
        else:
            kept.append(key)
    used = sum(
        1 for key in existing if count_reserved or not key.lower().startswith(RESERVED_PREFIX)
    )
    free = max(0, max_tags - used)
    to_write = changed | {key: merged[key] for key in added[:free]}
    return TagPlan(to_write, tuple(kept), dropped, tuple(added[free:]))


def batches(tags: Tags, size: int) -> list[dict[str, str]]:
    """``tags`` cut into dicts of at most ``size`` entries, in their order."""
    items = list(tags.items())
    return [dict(items[start : start + size]) for start in range(0, len(items), size)]
