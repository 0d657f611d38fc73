"""Size: at most 10,000 characters once minified, counted as AWS counts them."""

from __future__ import annotations

import json

import pytest

from backup_org_policy_manager.policy import Issue
from backup_org_policy_manager.policy.checks.size import MAX_CHARACTERS, check_size


def document_of(size: int, fill: str = "x") -> dict[str, object]:
    empty = len(json.dumps({"plans": {}, "pad": ""}, separators=(",", ":")))
    return {"plans": {}, "pad": fill * (size - empty)}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(document_of(MAX_CHARACTERS), [], id="at-limit"),
        pytest.param(document_of(MAX_CHARACTERS, fill="é"), [], id="non-ascii-counts-once"),
        pytest.param(
            document_of(MAX_CHARACTERS + 1),
            [Issue("P901", (), "the policy is 10,001 characters minified; AWS allows 10,000")],
            id="over-limit",
        ),
    ],
)
def test_check_size(document: object, expected: list[Issue]) -> None:
    assert list(check_size(document)) == expected
