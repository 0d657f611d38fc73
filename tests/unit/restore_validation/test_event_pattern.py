"""The rule pattern that triggers the validation function: the template's rule equals
``event_pattern.json``, and moto's own matcher shows what it selects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest
from moto.events.models import EventPattern

import restore_validation
from tests.events import load_event
from tests.templates.loader import load

PATTERN_FILE = Path(restore_validation.__file__).with_name("event_pattern.json")


def matches(event: dict[str, Any]) -> bool:
    pattern = EventPattern.load(PATTERN_FILE.read_text())
    return bool(pattern.matches_event(cast(Any, event)))


def test_the_template_rule_uses_this_pattern() -> None:
    rule = load("member-restore-testing.yaml")["Resources"]["RestoreTestCompletedRule"]

    assert rule["Properties"]["EventPattern"] == json.loads(PATTERN_FILE.read_text())


@pytest.mark.parametrize(
    "name", ["restore/completed-restore-test-dynamodb", "restore/completed-restore-test-s3"]
)
def test_matches_completed_restore_tests(name: str) -> None:
    assert matches(load_event(name))


@pytest.mark.parametrize(
    "name", ["restore/completed-dynamodb", "restore/running-ebs", "restore/failed-rds"]
)
def test_does_not_match_other_restores(name: str) -> None:
    assert not matches(load_event(name))


def test_does_not_match_a_failed_restore_test() -> None:
    event = load_event("restore/completed-restore-test-dynamodb")
    event["detail"]["status"] = "FAILED"

    assert not matches(event)
