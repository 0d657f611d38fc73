"""Merge mechanics: operators, limits, same-level order, and what gets skipped (and why)."""

from __future__ import annotations

from backup_org_policy_manager.policy.merge import IgnoredOperation, Merger

ALLOWED = "@@operators_allowed_for_child_policies"


def merge(*levels: list[dict[str, object]]) -> Merger:
    merger = Merger()
    for index, policies in enumerate(levels):
        merger.merge_level(index, policies)
    return merger


def test_plain_values_assign_and_lists_are_copied() -> None:
    regions = ["us-east-1"]
    merger = merge([{"regions": regions}], [{"regions": {"@@append": ["eu-west-1"]}}])
    assert merger.document == {"regions": ["us-east-1", "eu-west-1"]}
    assert regions == ["us-east-1"]


def test_append_skips_values_already_present() -> None:
    merger = merge([{"r": ["a", "b"]}], [{"r": {"@@append": ["b", "c", "c"]}}])
    assert merger.document == {"r": ["a", "b", "c"]}


def test_remove_on_a_missing_setting_changes_nothing() -> None:
    assert merge([{"r": {"@@remove": ["a"]}}]).document == {}


def test_remove_that_empties_a_list_drops_it() -> None:
    merger = merge(
        [{"r": ["a"], "s": ["a", "b"]}], [{"r": {"@@remove": ["a"]}, "s": {"@@remove": ["a"]}}]
    )
    assert merger.document == {"s": ["b"]}


def test_assign_then_append_in_one_policy() -> None:
    assert merge([{"r": {"@@assign": ["a"], "@@append": ["b"]}}]).document == {"r": ["a", "b"]}


def test_same_level_first_assignment_wins_and_appends_accumulate() -> None:
    merger = merge(
        [
            {"key": {"@@assign": "PROJECT"}, "values": {"@@append": ["a"]}},
            {"key": {"@@assign": "project"}, "values": {"@@append": ["b"]}},
            {"values": {"@@assign": ["z"]}},
        ]
    )
    assert merger.document == {"key": "PROJECT", "values": ["a", "b"]}
    assert merger.ignored == [
        IgnoredOperation(
            0, 1, ("key",), "@@assign", "a policy attached earlier to the same node set it"
        ),
        IgnoredOperation(
            0, 2, ("values",), "@@assign", "a policy attached earlier to the same node set it"
        ),
    ]


def test_limits_from_the_same_level_do_not_bind_siblings() -> None:
    merger = merge([{"r": {ALLOWED: ["@@none"], "@@assign": ["a"]}}, {"r": {"@@append": ["b"]}}])
    assert merger.document == {"r": ["a", "b"]}
    assert merger.ignored == []


def test_a_child_cannot_relax_an_inherited_limit() -> None:
    merger = merge(
        [{"r": {ALLOWED: ["@@append"], "@@assign": ["a"]}}],
        [{"r": {ALLOWED: ["@@all"], "@@append": ["b"]}}],
        [{"r": {"@@assign": ["c"], "@@append": ["d"]}}],
    )
    assert merger.document == {"r": ["a", "b", "d"]}
    assert merger.ignored == [
        IgnoredOperation(2, 0, ("r",), "@@assign", "a parent policy allows only @@append here")
    ]


def test_adding_a_key_needs_append_or_assign_on_the_object() -> None:
    merger = merge(
        [{"plans": {ALLOWED: ["@@remove"], "A": {"x": 1}}}],
        [{"plans": {"A": {"y": 2}, "B": {"x": 1}}}],
    )
    assert merger.document == {"plans": {"A": {"x": 1, "y": 2}}}
    reason = "a parent policy allows only @@remove here, so 'B' cannot be added"
    assert merger.ignored == [IgnoredOperation(1, 0, ("plans", "B"), "@@append", reason)]


def test_adding_a_setting_to_a_locked_object_is_skipped() -> None:
    merger = merge([{"rule": {ALLOWED: ["@@none"], "a": 1}}], [{"rule": {"b": {"@@assign": 2}}}])
    assert merger.document == {"rule": {"a": 1}}
    reason = "a parent policy allows no operators here, so 'b' cannot be added"
    assert merger.ignored == [IgnoredOperation(1, 0, ("rule", "b"), "@@assign", reason)]


def test_malformed_operations_are_skipped_and_reported() -> None:
    merger = merge(
        [{"name": "vault", "list": ["a"], "obj": {"k": 1}}],
        [
            {
                "@@assign": {"x": 1},
                "name": {"@@append": ["x"], "@@merge": 1},
                "list": {"@@append": "b", ALLOWED: "@@none"},
                "obj": {"@@assign": "flat"},
            }
        ],
        [{"name": {"k": {"@@assign": 1}}}],
    )
    assert merger.document == {"name": "vault", "list": ["a"], "obj": "flat"}
    assert [(i.level, i.path, i.operator, i.reason) for i in merger.ignored] == [
        (1, ("@@assign",), "@@assign", "@@assign cannot be used on an object of settings"),
        (1, ("name",), "@@merge", "@@merge is not an inheritance operator"),
        (1, ("name",), "@@append", "@@append works only on lists"),
        (1, ("list", ALLOWED), ALLOWED, f"{ALLOWED} must be a list of operators"),
        (1, ("list",), "@@append", "@@append works only on lists"),
        (2, ("name",), "@@assign", "an inherited value cannot become an object"),
    ]


def test_ignored_operation_json_path() -> None:
    ignored = IgnoredOperation(1, 0, ("plans", "Daily-35", "regions"), "@@assign", "r")
    assert ignored.json_path == '$.plans["Daily-35"].regions'
