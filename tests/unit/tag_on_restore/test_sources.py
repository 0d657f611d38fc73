"""Which sources are worth reading: ARNs in the same account and Region as the restore."""

from __future__ import annotations

import pytest

from tag_on_restore.sources import same_home

A = "arn:aws:dynamodb:eu-west-1:123456789012:table"


@pytest.mark.parametrize(
    ("source", "created", "expected"),
    [
        (f"{A}/a", f"{A}/b", True),
        ("arn:aws:dynamodb:eu-west-1:999999999999:table/a", f"{A}/b", False),
        ("arn:aws:dynamodb:us-east-1:123456789012:table/a", f"{A}/b", False),
        ("arn:aws:s3:::bucket", "arn:aws:s3:::other", True),
    ],
)
def testsame_home(source: str, created: str, expected: bool) -> None:
    assert same_home(source, created) is expected
