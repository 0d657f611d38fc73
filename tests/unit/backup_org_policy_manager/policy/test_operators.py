"""Reading settings written as plain values or as operator objects."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.policy.operators import (
    as_bool,
    as_int,
    assigned,
    children,
    is_setting,
    settings,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(35, 35), ("35", 35), (" 7 ", 7), ("-1", None), ("3.5", None), (True, None), (None, None)],
)
def test_as_int(value: object, expected: int | None) -> None:
    assert as_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("false", False), ("TRUE", True), ("no", None), (1, None)],
)
def test_as_bool(value: object, expected: bool | None) -> None:
    assert as_bool(value) == expected


def test_settings_and_assigned() -> None:
    node = {"@@remove": ["a"], "@@assign": ["b"], "@@operators_allowed_for_child_policies": []}
    assert list(settings(node)) == [(("@@assign",), ["b"]), (("@@remove",), ["a"])]
    assert list(settings("x")) == [((), "x")]
    assert assigned(node) == ["b"]
    assert assigned("x") == "x"
    assert assigned({"@@append": ["c"]}) is None


def test_containers_and_settings() -> None:
    assert is_setting({"@@assign": 1})
    assert is_setting({})
    assert is_setting([1])
    assert not is_setting({"@@operators_allowed_for_child_policies": ["@@none"], "Daily": {}})
    container = {"@@operators_allowed_for_child_policies": ["@@none"], "Daily": {}}
    assert list(children(container)) == [("Daily", {})]
    assert list(children("not an object")) == []
