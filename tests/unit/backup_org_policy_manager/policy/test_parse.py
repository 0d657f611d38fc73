"""Strict parsing: invalid JSON, non-objects and duplicate keys, each with a path."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.parse import minify, parse_document


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '{"plans": {',
            [
                Issue(
                    "P100",
                    (),
                    "the policy is not valid JSON: Expecting property name enclosed in double "
                    "quotes at line 1 column 12",
                )
            ],
            id="truncated",
        ),
        pytest.param("[]", [Issue("P100", (), "the policy must be a JSON object")], id="array"),
        pytest.param(
            '{"plans": {"A": {}, "A": {"x": 1, "x": 2, "x": 3}}, "list": [{"k": 1, "k": 1}]}',
            [
                Issue("P108", ("plans", "A"), "key 'A' appears more than once in this object"),
                Issue("P108", ("plans", "A", "x"), "key 'x' appears more than once in this object"),
                Issue("P108", ("list", 0, "k"), "key 'k' appears more than once in this object"),
            ],
            id="duplicates",
        ),
    ],
)
def test_parse_document_issues(text: str, expected: list[Issue]) -> None:
    assert parse_document(text)[1] == expected


def test_parse_document_keeps_the_last_duplicate_value() -> None:
    document, _ = parse_document('{"a": 1, "a": 2}')
    assert document == {"a": 2}


def test_minify_keeps_non_ascii() -> None:
    assert minify({"plans": {"é": [1, 2]}}) == '{"plans":{"é":[1,2]}}'
