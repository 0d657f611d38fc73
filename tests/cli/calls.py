"""Count the Organizations operations the CLI makes, with a botocore ``before-call`` hook on
the default boto3 session (the one ``boto3.client`` uses), so tests can prove it only reads."""

from __future__ import annotations

from collections import Counter
from typing import Any

import boto3
import pytest

# Read-only by AWS's own naming; written out here rather than taken from the code under test.
READ_ONLY = {
    "ListRoots",
    "ListOrganizationalUnitsForParent",
    "ListAccountsForParent",
    "ListChildren",
    "ListPolicies",
    "DescribePolicy",
    "ListTargetsForPolicy",
}


def count_organizations_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """From now on, every Organizations operation a new default-session client makes."""
    calls: Counter[str] = Counter()
    session = boto3.session.Session()

    def record(model: Any, **_: Any) -> None:
        calls[model.name] += 1

    session.events.register("before-call.organizations.*", record)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", session)
    return calls


def assert_read_only(calls: Counter[str]) -> None:
    """Some calls were made, and every one is a List*/Describe* read."""
    assert calls, "no Organizations call was seen: the hook is not wired"
    writes = {op for op in calls if op not in READ_ONLY or not op.startswith(("List", "Describe"))}
    assert not writes, f"write or unexpected operations: {sorted(writes)}"
