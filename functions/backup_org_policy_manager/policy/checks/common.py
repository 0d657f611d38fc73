"""Small readers shared by the checks: named children of a node and plan completeness."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.operators import children

__all__ = ["is_complete_plan", "named", "selection_items"]


def named(node: object, key: str) -> Iterator[tuple[str, object]]:
    """The named entries under ``node[key]`` (rules, copy actions, tags...), if it is an object."""
    if isinstance(node, dict):
        yield from children(node.get(key))


def is_complete_plan(plan: object) -> bool:
    """Whether a plan stands on its own (has regions, rules and selections).

    A policy meant to be merged with a parent may hold only the settings it overrides, so the
    settings AWS requires in an effective plan are only demanded of a complete one.
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
    """
    return isinstance(plan, dict) and all(k in plan for k in ("regions", "rules", "selections"))


def selection_items(plan: object) -> Iterator[tuple[str, str, object]]:
    """Each selection of a plan as (form, name, selection), form being tags or resources."""
    if isinstance(plan, dict):
        for form in ("tags", "resources"):
            for name, selection in named(plan.get("selections"), form):
                yield form, name, selection
