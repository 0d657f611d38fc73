"""AWS's documented backup policy examples: the parent and child policies, merged by the engine,
give the documented effective policy, except where the page itself is in error.

Each fixture in ``tests/policies/aws_examples/`` holds the policies and the effective policy
exactly as the page prints them (``documented_effective``), the effective policy AWS's rules
give, as AWS shows it (``effective``), and ``errata``: each path where the two differ, with
the reason. ``describe-effective-policy.json`` is the real API output of the effective-policy
page, which the engine's display matches with no erratum. The
tests check the engine against ``effective`` and check that ``errata`` names every difference,
and nothing else, so a page error cannot hide an engine error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backup_org_policy_manager.policy import aws_case, effective_policy

EXAMPLES = Path(__file__).resolve().parents[3] / "policies" / "aws_examples"
FIXTURES = sorted(EXAMPLES.glob("*.json"))

USER_GUIDE = "https://docs.aws.amazon.com/organizations/latest/userguide"

JsonPath = tuple[str | int, ...]


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def differences(left: object, right: object, path: JsonPath = ()) -> list[JsonPath]:
    """The shortest paths at which two JSON values differ."""
    if isinstance(left, dict) and isinstance(right, dict):
        found: list[JsonPath] = []
        for key in dict.fromkeys([*left, *right]):
            if key not in left or key not in right:
                found.append((*path, key))
            else:
                found += differences(left[key], right[key], (*path, key))
        return found
    return [] if left == right else [path]


def test_every_documented_example_has_a_fixture() -> None:
    syntax = [load(path) for path in FIXTURES if path.stem.startswith("example-")]
    assert [e["title"].split(":")[0] for e in syntax] == [f"Example {n}" for n in range(1, 6)]
    for example in syntax:
        assert example["source"].startswith(f"{USER_GUIDE}/orgs_manage_policies_backup_syntax.html")
    api = load(EXAMPLES / "describe-effective-policy.json")
    assert api["source"].startswith(f"{USER_GUIDE}/orgs_manage_policies_backup_effective.html")


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_merged_example_gives_the_effective_policy(fixture: Path) -> None:
    example = load(fixture)
    result = effective_policy(example["levels"], account_id=example["account_id"])
    assert result.aws_document() == example["effective"]
    assert all(status.complete for status in result.plans.values())
    if example.get("documented_plans"):
        assert list(result.aws_document()["plans"]) == example["documented_plans"]  # type: ignore[call-overload]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_errata_name_every_difference_from_the_page(fixture: Path) -> None:
    example = load(fixture)
    if example["documented_effective"] is None:
        assert example["notes"]
        return
    # The syntax page keeps plan names as written where DescribeEffectivePolicy lower-cases
    # them (describe-effective-policy.json); names are compared as AWS shows them.
    found = differences(aws_case(example["documented_effective"]), example["effective"])
    errata = [tuple(erratum["path"]) for erratum in example["errata"]]
    for path in found:
        assert any(path[: len(e)] == e for e in errata), f"undocumented difference at {path}"
    for erratum in errata:
        assert any(path[: len(erratum)] == erratum for path in found), f"no difference at {erratum}"
    assert all(erratum["why"] for erratum in example["errata"])


def test_the_page_shows_rule_and_selection_names_in_lower_case() -> None:
    example = load(EXAMPLES / "example-2-parent-and-child.json")
    result = effective_policy(example["levels"])
    plans = result.document["plans"]
    assert isinstance(plans, dict)
    # The engine keeps the author's spelling; AWS's display lower-cases the identifiers.
    assert list(plans["Monthly_Backup_Plan"]["rules"]) == ["Monthly"]
    assert list(plans["Monthly_Backup_Plan"]["selections"]["tags"]) == ["MonthlyDatatype"]
    documented = example["documented_effective"]["plans"]["Monthly_Backup_Plan"]
    assert list(documented["rules"]) == ["monthly"]
    assert list(documented["selections"]["tags"]) == ["monthlydatatype"]


def test_a_locked_parent_ignores_the_child_whatever_the_case_of_its_names() -> None:
    example = load(EXAMPLES / "example-3-locked-parent.json")
    result = effective_policy(example["levels"], account_id=example["account_id"])
    assert [(i.json_path, i.operator) for i in result.ignored] == [
        ("$.plans.PII_Backup_Plan.regions", "@@append"),
        ("$.plans.PII_Backup_Plan.rules.Hourly.target_backup_vault_name", "@@assign"),
        ("$.plans.Monthly_Backup_Plan", "@@append"),
    ]
