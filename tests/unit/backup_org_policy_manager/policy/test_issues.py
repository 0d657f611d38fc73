"""Issue paths, ordering, and the length-bounded reason CloudFormation shows."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy import Issue, PolicyValidationError, format_path
from backup_org_policy_manager.policy.issues import sort_issues

CENTRAL = "arn:aws:backup:eu-west-1:111122223333:backup-vault:Central"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), "$"),
        (("plans",), "$.plans"),
        (
            ("plans", "Daily-35", "rules", "Hourly", "copy_actions", CENTRAL),
            f'$.plans["Daily-35"].rules.Hourly.copy_actions["{CENTRAL}"]',
        ),
        (("plans", "P", "regions", "@@assign", 2), '$.plans.P.regions["@@assign"][2]'),
        (("_x1", "1x", 'a"b', "é"), '$._x1["1x"]["a\\"b"]["é"]'),
    ],
)
def test_format_path(path: tuple[str | int, ...], expected: str) -> None:
    assert format_path(path) == expected
    assert Issue("P101", path, "m").json_path == expected


def test_issue_is_frozen_and_slotted() -> None:
    issue = Issue("P101", ("plans",), "m")
    with pytest.raises(AttributeError):
        issue.code = "P102"  # type: ignore[misc]
    assert not hasattr(issue, "__dict__")


def test_under_prefixes_the_path() -> None:
    assert Issue("P201", ("delete_after_days",), "m").under(("plans", "P")) == Issue(
        "P201", ("plans", "P", "delete_after_days"), "m"
    )


def test_to_dict_uses_the_json_path() -> None:
    assert Issue("P601", ("plans", "P", "regions", 0), "bad").to_dict() == {
        "code": "P601",
        "path": "$.plans.P.regions[0]",
        "message": "bad",
    }


def test_sort_issues_by_path_then_code_with_indexes_before_keys() -> None:
    issues = [
        Issue("P2", ("b",), "m"),
        Issue("P1", ("b",), "m"),
        Issue("P1", ("a", "x"), "m"),
        Issue("P1", ("a", 10), "m"),
        Issue("P1", ("a", 2), "m"),
        Issue("P9", (), "m"),
    ]
    assert [(i.path, i.code) for i in sort_issues(issues)] == [
        ((), "P9"),
        (("a", 2), "P1"),
        (("a", 10), "P1"),
        (("a", "x"), "P1"),
        (("b",), "P1"),
        (("b",), "P2"),
    ]


def test_reason_names_the_first_issue_and_counts_the_rest() -> None:
    error = PolicyValidationError(
        [
            Issue("P304", ("plans", "Daily-35", "rules", "Hourly"), "start window too short"),
            Issue("P601", ("plans",), "x"),
            Issue("P601", ("plans",), "y"),
        ]
    )
    assert error.reason() == '$.plans["Daily-35"].rules.Hourly: start window too short (+2 more)'
    assert str(error) == error.reason(limit=1024)
    assert len(error.issues) == 3


def test_reason_of_a_single_issue_has_no_count() -> None:
    assert PolicyValidationError([Issue("P100", (), "not JSON")]).reason() == "$: not JSON"


def test_reason_without_issues() -> None:
    assert PolicyValidationError([]).reason() == "the policy is not valid"


@pytest.mark.parametrize("limit", [40, 80, 256])
def test_reason_is_kept_under_the_limit(limit: int) -> None:
    long_key = "arn:aws:backup:eu-west-1:111122223333:backup-vault:" + "V" * 50
    issue = Issue("P402", ("plans", "P", "rules", "R", "copy_actions", long_key), "m " * 200)
    reason = PolicyValidationError([issue, issue]).reason(limit=limit)
    assert len(reason) <= limit
    assert reason.startswith("$.plans")
    assert reason.endswith(" (+1 more)")


def test_reason_shortens_a_long_path_in_the_middle() -> None:
    issue = Issue("P402", ("plans", "x" * 300), "key is not a vault ARN")
    reason = PolicyValidationError([issue]).reason()
    assert len(reason) <= 256
    assert "…" in reason
    assert reason.startswith("$.plans")
