"""``EffectivePolicies``: many chains merged through one memo give what ``effective_policy``
gives for each, while each policy text is parsed once and each distinct chain merged once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backup_org_policy_manager.policy import (
    EffectivePolicies,
    PolicyValidationError,
    effective_policy,
)

POLICIES = Path(__file__).resolve().parents[3] / "policies"
EXAMPLES = sorted((POLICIES / "aws_examples").glob("*.json"))
ROOT = json.dumps(
    {
        "plans": {
            "Daily": {
                "regions": {"@@assign": ["us-east-1"]},
                "selections": {
                    "tags": {
                        "all": {
                            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/R"},
                            "tag_value": {"@@assign": ["a"]},
                        }
                    }
                },
            }
        }
    }
)
APPEND = json.dumps({"plans": {"Daily": {"regions": {"@@append": ["eu-west-1"]}}}})


def _texts(levels: list[list[object]]) -> list[list[str]]:
    return [[json.dumps(policy) for policy in level] for level in levels]


@pytest.mark.parametrize("fixture", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_a_chain_merges_as_effective_policy_does(fixture: Path) -> None:
    example = json.loads(fixture.read_text(encoding="utf-8"))
    levels = _texts(example["levels"])
    account = example["account_id"] or "123456789012"

    merged = EffectivePolicies().merge(levels)

    expected = effective_policy(levels, account_id=account)
    assert merged.for_account(account) == expected
    assert merged == effective_policy(levels)


def test_each_text_is_parsed_once_and_each_chain_merged_once() -> None:
    cache = EffectivePolicies()
    chains = [[[ROOT], [], [APPEND]], [[ROOT], [], []], [[ROOT], [], [APPEND]], [[ROOT], [APPEND]]]

    results = [cache.merge(chain) for chain in chains]

    assert (len(cache), cache.parsed) == (3, 2)
    assert results[0] is results[2]
    assert results[0] is not results[3]  # same policies, another level: another chain
    assert [r.document for r in results] == [effective_policy(c).document for c in chains]


def test_a_shared_result_is_not_changed_by_later_chains() -> None:
    cache = EffectivePolicies()
    alone = cache.merge([[ROOT]])
    before = json.dumps(alone.document)

    cache.merge([[ROOT], [APPEND]])
    cache.merge([[ROOT], [APPEND]]).for_account("111111111111")

    assert json.dumps(alone.document) == before
    assert alone.document["plans"]["Daily"]["regions"] == ["us-east-1"]  # type: ignore[index]


def test_the_account_is_replaced_only_in_the_copy_for_that_account() -> None:
    merged = EffectivePolicies().merge([[ROOT]])

    mine = merged.for_account("111111111111")

    role = "arn:aws:iam::111111111111:role/R"
    assert mine.document["plans"]["Daily"]["selections"]["tags"]["all"]["iam_role_arn"] == role  # type: ignore[index]
    assert "$account" in json.dumps(merged.document)
    assert (mine.plans, mine.ignored) == (merged.plans, merged.ignored)


def test_a_bad_policy_is_refused_where_it_sits_every_time() -> None:
    cache = EffectivePolicies()
    bad = '{"plans": {}, "plans": {}}'

    for levels, where in (
        ([["{}"], ["{}", bad]], "policy 1 at level 1"),
        ([[bad]], "policy 0 at level 0"),
    ):
        with pytest.raises(PolicyValidationError) as raised:
            cache.merge(levels)
        assert raised.value.issues[0].message.startswith(f"{where}: key 'plans'")
        with pytest.raises(PolicyValidationError):
            effective_policy(levels)
    assert len(cache) == 0
