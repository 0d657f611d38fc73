"""The EventBridge rule pattern the template uses, matched with moto's own matcher.

Decision: the pattern has an ``$or`` branch for ``detail.state``, because AWS documents
that some restore events carry ``state`` instead of ``status``; a pattern on ``status``
alone would silently never deliver those.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest
from moto.events.models import EventPattern

import tag_on_restore
from tests.events import event_names, load_event

PATTERN_FILE = Path(tag_on_restore.__file__).with_name("event_pattern.json")


def matches(pattern: EventPattern, event: dict[str, Any]) -> bool:
    # moto types the event as its own TypedDict; a sample event is the same JSON.
    return bool(pattern.matches_event(cast(Any, event)))


@pytest.fixture(scope="module")
def pattern() -> EventPattern:
    return EventPattern.load(PATTERN_FILE.read_text())


def test_pattern_is_exactly_this() -> None:
    assert json.loads(PATTERN_FILE.read_text()) == {
        "source": ["aws.backup"],
        "detail-type": ["Restore Job State Change"],
        "detail": {"$or": [{"status": ["COMPLETED"]}, {"state": ["COMPLETED"]}]},
    }


@pytest.mark.parametrize("name", event_names("restore", "completed-"))
def test_matches_completed_restores(pattern: EventPattern, name: str) -> None:
    assert matches(pattern, load_event(name))


@pytest.mark.parametrize(
    "name",
    [
        "restore/running-ebs",
        "restore/failed-rds",
        "restore/aborted-ebs",
        "backup/backup-job-completed-ebs",
    ],
)
def test_does_not_match_other_events(pattern: EventPattern, name: str) -> None:
    assert not matches(pattern, load_event(name))


def test_does_not_match_another_source(pattern: EventPattern) -> None:
    event = load_event("restore/completed-ebs")
    event["source"] = "custom.backup"

    assert not matches(pattern, event)
