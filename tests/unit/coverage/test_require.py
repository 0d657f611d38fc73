"""``--require`` rules: parsing and what a protecting rule must meet."""

from __future__ import annotations

import pytest

from orgbackup.coverage import CopyAction, Coverage, Protection, Resource, RuleSummary
from orgbackup.coverage.require import RequireError, parse_requirement, violations

CENTRAL = "arn:aws:backup:eu-central-1:222222222222:backup-vault:central"
LOCAL_COPY = "arn:aws:backup:us-east-1:333333333333:backup-vault:other"
TABLE = Resource("arn:aws:dynamodb:us-east-1:333333333333:table/t", "DynamoDB", {"tier": "gold"})


def covered(*rules: RuleSummary) -> Coverage:
    return Coverage("333333333333", "us-east-1", TABLE, (Protection("p", "tags.s", rules),))


def rule(name: str, daily: bool, days: int | None, *copies: str) -> RuleSummary:
    return RuleSummary(
        name, "cron(0 5 ? * * *)", "", daily, "v", days,
        copy_actions=tuple(CopyAction(c) for c in copies),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "rules", "broken"),
    [
        ("all => protected", (rule("a", False, 7),), False),
        ("tag:tier=gold => daily,retention>=35", (rule("a", True, 35),), False),
        ("tag:tier=gold => daily,retention>=35", (rule("a", True, 14), rule("b", False, 35)), True),
        ("tag:tier => retention>=3650", (rule("a", True, None),), False),
        ("type:DynamoDB => copy-to=central", (rule("a", True, 35, CENTRAL),), False),
        ("type:DynamoDB => cross-region-copy", (rule("a", True, 35, LOCAL_COPY),), True),
        ("type:DynamoDB => cross-region-copy", (rule("a", True, 35, CENTRAL),), False),
        ("account:333333333333 => cross-account-copy", (rule("a", True, 35, LOCAL_COPY),), True),
        ("tag:tier=silver => daily", (rule("a", False, 35),), False),
        ("type:EBS & region:us-east-1 => daily", (rule("a", False, 35),), False),
    ],
)
def test_one_rule_must_meet_every_requirement(
    text: str, rules: tuple[RuleSummary, ...], broken: bool
) -> None:
    found = violations(parse_requirement(text, CENTRAL), (covered(*rules),))
    assert bool(found) == broken
    assert all(line.startswith(f"333333333333 us-east-1 {TABLE.arn}: ") for line in found)


def test_an_unprotected_resource_breaks_any_rule() -> None:
    bare = Coverage("333333333333", "us-east-1", TABLE)
    assert violations(parse_requirement("all => protected"), (bare,)) == [
        f"333333333333 us-east-1 {TABLE.arn}: not protected (no-selection-matched)"
    ]


def test_central_needs_a_vault() -> None:
    with pytest.raises(RequireError, match="copy-to=central' needs --central-vault"):
        parse_requirement("all => copy-to=central")
