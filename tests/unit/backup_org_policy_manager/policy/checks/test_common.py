"""Shared readers: named entries, plan completeness, selections of both forms."""

from __future__ import annotations

from backup_org_policy_manager.policy.checks.common import (
    is_complete_plan,
    named,
    selection_items,
)


def test_named_skips_operators_and_non_objects() -> None:
    node = {"rules": {"@@operators_allowed_for_child_policies": ["@@none"], "Daily": {}}}
    assert list(named(node, "rules")) == [("Daily", {})]
    assert list(named(node, "missing")) == []
    assert list(named(["rules"], "rules")) == []


def test_is_complete_plan() -> None:
    assert is_complete_plan({"regions": [], "rules": {}, "selections": {}})
    assert not is_complete_plan({"regions": [], "rules": {}})
    assert not is_complete_plan("plan")


def test_selection_items_lists_both_forms() -> None:
    plan = {"selections": {"tags": {"a": 1}, "resources": {"b": 2}}}
    assert list(selection_items(plan)) == [("tags", "a", 1), ("resources", "b", 2)]
    assert list(selection_items(None)) == []
