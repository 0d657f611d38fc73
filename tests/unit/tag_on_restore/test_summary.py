"""What an invocation logs, counts and returns, for each kind of result."""

from __future__ import annotations

from datetime import UTC, datetime

from tag_on_restore.backfill import BackfillSummary
from tag_on_restore.event import IgnoredEvent
from tag_on_restore.summary import summarize
from tag_on_restore.tagging import ResourceResult, RestoreOutcome
from tag_on_restore.tags import TagPlan

PLAN = TagPlan(
    {"a": "value-secret", "b": "value-secret"},
    kept_existing=("c",),
    excluded=("aws:x",),
    over_limit=("d",),
)
TAGGED = RestoreOutcome(
    "J1", "EBS", "tagged", (ResourceResult("arn:v", PLAN),), recovery_point_tags_found=True
)


def test_tagged_outcome() -> None:
    summary = summarize(TAGGED)

    assert summary.message == "restore tagged"
    assert summary.metrics == {"RestoresTagged": 1, "TagsApplied": 2, "TagsOverLimit": 1}
    assert summary.response == {
        "restore_job_id": "J1",
        "resource_type": "EBS",
        "status": "tagged",
        "reason": None,
        "resources": [
            {
                "arn": "arn:v",
                "written": ["a", "b"],
                "kept_existing": ["c"],
                "excluded": ["aws:x"],
                "over_limit": ["d"],
            }
        ],
    }
    assert "value-secret" not in str(summary.response), "tag values are never logged"


def test_unchanged_outcome_without_point_tags() -> None:
    outcome = RestoreOutcome("J2", "EBS", "unchanged", (ResourceResult("arn:v", TagPlan({})),))

    assert summarize(outcome).metrics == {
        "RestoresUnchanged": 1,
        "RecoveryPointTagsUnavailable": 1,
    }


def test_skips_count_their_reason() -> None:
    gone = RestoreOutcome("J3", "EBS", "skipped", reason="gone")
    unsupported = RestoreOutcome("J4", "Timestream", "skipped", reason="unsupported")

    assert summarize(gone).metrics == {"RestoresSkipped": 1, "CreatedResourceGone": 1}
    assert summarize(unsupported).metrics == {"RestoresSkipped": 1, "UnsupportedResourceType": 1}


def test_ignored_event() -> None:
    summary = summarize(IgnoredEvent("status is RUNNING"))

    assert summary.response == {"status": "ignored", "reason": "status is RUNNING"}
    assert summary.metrics == {"EventsIgnored": 1}


def test_backfill_sums_its_outcomes_and_failures() -> None:
    resume = datetime(2024, 5, 1, tzinfo=UTC)
    result = BackfillSummary((TAGGED, TAGGED), (("J9", "AccessDenied"),), resume)

    summary = summarize(result)

    assert summary.metrics == {
        "BackfillJobs": 3,
        "RestoresFailed": 1,
        "RestoresTagged": 2,
        "TagsApplied": 4,
        "TagsOverLimit": 2,
    }
    assert summary.response == {
        "jobs": 3,
        "by_status": {"tagged": 2},
        "failed": [{"restore_job_id": "J9", "error": "AccessDenied"}],
        "complete": False,
        "resume_until": "2024-05-01T00:00:00+00:00",
    }
