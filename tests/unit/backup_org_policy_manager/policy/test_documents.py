"""Whole documents: every good policy validates clean, every bad one matches its snapshot.

Rebuild the snapshots with ``tests/policies/update_snapshots.py`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backup_org_policy_manager.policy import render, validate

POLICIES = Path(__file__).resolve().parents[3] / "policies"
SUFFIX = ".expected.json"


def documents(kind: str) -> list[Path]:
    return sorted(p for p in (POLICIES / kind).glob("*.json") if not p.name.endswith(SUFFIX))


GOOD = documents("good")
BAD = documents("bad")


def test_there_are_documents_of_both_kinds() -> None:
    assert len(GOOD) >= 5
    assert len(BAD) >= 15


@pytest.mark.parametrize("document", GOOD, ids=[p.stem for p in GOOD])
def test_good_document_has_no_issues(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    assert validate(text) == []
    assert validate(render(text)) == []


@pytest.mark.parametrize("document", BAD, ids=[p.stem for p in BAD])
def test_bad_document_matches_its_snapshot(document: Path) -> None:
    snapshot = document.with_name(document.name.removesuffix(".json") + SUFFIX)
    expected = json.loads(snapshot.read_text(encoding="utf-8"))
    actual = [issue.to_dict() for issue in validate(document.read_text(encoding="utf-8"))]
    assert actual == expected
    assert actual, "a bad document must have at least one issue"
