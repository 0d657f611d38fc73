"""Metric names (EMF, one namespace per deployment) and the counts one outcome adds."""

from __future__ import annotations

from tag_on_restore.tagging import RestoreOutcome

__all__ = [
    "BACKFILL_JOBS",
    "CREATED_RESOURCE_GONE",
    "EVENTS_IGNORED",
    "IN_PLACE_RESTORES",
    "RECOVERY_POINT_TAGS_UNAVAILABLE",
    "RESTORES_FAILED",
    "RESTORES_SKIPPED",
    "RESTORES_TAGGED",
    "RESTORES_UNCHANGED",
    "SOURCE_TAGS_REFUSED",
    "TAGS_APPLIED",
    "TAGS_OVER_LIMIT",
    "UNSUPPORTED_RESOURCE_TYPE",
    "counts",
]

RESTORES_TAGGED = "RestoresTagged"
RESTORES_UNCHANGED = "RestoresUnchanged"  # a repeated event: every tag was already there
RESTORES_SKIPPED = "RestoresSkipped"
RESTORES_FAILED = "RestoresFailed"
UNSUPPORTED_RESOURCE_TYPE = "UnsupportedResourceType"
CREATED_RESOURCE_GONE = "CreatedResourceGone"
EVENTS_IGNORED = "EventsIgnored"
IN_PLACE_RESTORES = "InPlaceRestores"  # restored into the source itself: left alone
TAGS_APPLIED = "TagsApplied"
TAGS_OVER_LIMIT = "TagsOverLimit"
RECOVERY_POINT_TAGS_UNAVAILABLE = "RecoveryPointTagsUnavailable"
SOURCE_TAGS_REFUSED = "SourceTagsRefused"  # a source bucket (maybe another account's) said no
BACKFILL_JOBS = "BackfillJobs"  # restore jobs a backfill looked at (0 is worth seeing)

_STATUS = {"tagged": RESTORES_TAGGED, "unchanged": RESTORES_UNCHANGED, "skipped": RESTORES_SKIPPED}
_REASON = {
    "unsupported": UNSUPPORTED_RESOURCE_TYPE,
    "gone": CREATED_RESOURCE_GONE,
    "in_place": IN_PLACE_RESTORES,
}


def counts(outcome: RestoreOutcome) -> dict[str, int]:
    """The metrics (name -> count) that ``outcome`` adds; zero counts are left out."""
    result = {
        _STATUS[outcome.status]: 1,
        TAGS_APPLIED: outcome.tags_written,
        TAGS_OVER_LIMIT: outcome.tags_over_limit,
    }
    if outcome.reason in _REASON:
        result[_REASON[outcome.reason]] = 1
    # An in-place restore reads no recovery point on purpose.
    looked = outcome.status != "skipped" and outcome.reason != "in_place"
    if looked and not outcome.recovery_point_tags_found:
        result[RECOVERY_POINT_TAGS_UNAVAILABLE] = 1
    if outcome.source_tags_refused:
        result[SOURCE_TAGS_REFUSED] = 1
    return {name: value for name, value in result.items() if value}
