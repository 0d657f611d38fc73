"""Structure: known keys at each level, value types, and well-formed inheritance operators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeGuard

from backup_org_policy_manager.policy.checks.schema import ROOT, Leaf, Named, Obj, Spec
from backup_org_policy_manager.policy.issues import Issue, Path
from backup_org_policy_manager.policy.operators import (
    ALLOWED,
    APPEND,
    ASSIGN,
    REMOVE,
    as_bool,
    as_int,
    is_operator,
)
from backup_org_policy_manager.policy.values import is_scalar

__all__ = ["check_document"]

_CHILD_CONTROL = frozenset({"@@all", "@@none", ASSIGN, APPEND, REMOVE})


def check_document(document: object) -> Iterator[Issue]:
    """The whole document against the backup policy syntax.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
    https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
    """
    if isinstance(document, dict) and "plans" not in document:
        yield Issue("P102", ("plans",), "a backup policy needs a top-level plans object")
    yield from _check(document, ROOT, ())


def _check(node: object, spec: Spec, path: Path) -> Iterator[Issue]:
    if isinstance(spec, Leaf):
        yield from _check_setting(node, spec, path)
    else:
        yield from _check_object(node, spec, path)


def _check_object(node: object, spec: Obj | Named, path: Path) -> Iterator[Issue]:
    if not isinstance(node, dict):
        yield Issue("P103", path, f"{_name(path)} must be an object, not {_kind(node)}")
        return
    for key, value in node.items():
        here = (*path, key)
        if key == ALLOWED:
            yield from _check_child_control(value, here)
        elif key in (ASSIGN, APPEND, REMOVE):
            yield Issue("P105", here, f"{key} sets a value; {_name(path)} is an object of settings")
        elif is_operator(key):
            yield Issue("P104", here, f"{key} is not an inheritance operator")
        elif isinstance(spec, Obj):
            if key in spec.keys:
                yield from _check(value, spec.keys[key], here)
            else:
                known = ", ".join(sorted(spec.keys))
                yield Issue("P101", here, f"unknown key {key!r}; {_name(path)} takes {known}")
        else:
            if spec.name is not None and not spec.name.fullmatch(key):
                yield Issue("P111", here, f"name {key!r} must be 1-50 letters, digits, -, _ or .")
            yield from _check(value, spec.item, here)


def _check_setting(node: object, spec: Leaf, path: Path) -> Iterator[Issue]:
    if not isinstance(node, dict):
        yield from _check_value(node, spec, path)
        return
    if not node:
        yield Issue("P110", path, f"{_name(path)} is an empty object; give a value or @@assign")
    for key, value in node.items():
        here = (*path, key)
        if key == ALLOWED:
            yield from _check_child_control(value, here)
        elif key == ASSIGN:
            yield from _check_value(value, spec, path)
        elif key in (APPEND, REMOVE):
            if spec.kind not in ("strings", "any"):
                yield Issue("P106", here, f"{key} works on lists; {_name(path)} takes one value")
            else:
                yield from _check_value(value, Leaf("strings", spec.choices), path)
        elif is_operator(key):
            yield Issue("P104", here, f"{key} is not an inheritance operator")
        else:
            yield Issue("P101", here, f"unknown key {key!r}; {_name(path)} takes a value")


def _check_value(value: object, spec: Leaf, path: Path) -> Iterator[Issue]:
    name = _name(path)
    if spec.kind == "string" and not isinstance(value, str):
        yield Issue("P103", path, f"{name} must be a string, not {_kind(value)}")
    elif spec.kind == "scalar" and not is_scalar(value):
        yield Issue("P103", path, f"{name} must be a string, number or boolean, not {_kind(value)}")
    elif spec.kind == "integer" and as_int(value) is None:
        yield Issue("P103", path, f"{name} must be a whole number, not {_kind(value)}")
    elif spec.kind == "boolean" and as_bool(value) is None:
        yield Issue("P103", path, f"{name} must be true or false, not {_kind(value)}")
    elif spec.kind == "strings" and not _is_strings(value):
        yield Issue("P103", path, f"{name} must be a list of strings, not {_kind(value)}")
    elif spec.choices:
        values = value if isinstance(value, list) else [value]
        for bad in (v for v in values if v not in spec.choices):
            allowed = ", ".join(sorted(spec.choices))
            yield Issue("P103", path, f"{name} cannot be {bad!r}; use one of {allowed}")


def _check_child_control(value: object, path: Path) -> Iterator[Issue]:
    names = value if _is_strings(value) else []
    unknown = [v for v in names if v not in _CHILD_CONTROL]
    if not names:
        yield Issue("P107", path, f"{ALLOWED} must be a non-empty list of operators")
    elif unknown:
        yield Issue("P107", path, f"{ALLOWED} cannot contain {', '.join(map(repr, unknown))}")
    elif len(names) > 1 and ({"@@all", "@@none"} & set(names)):
        yield Issue("P107", path, "@@all and @@none must each stand alone")


def _is_strings(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _name(path: Path) -> str:
    names = [p for p in path if isinstance(p, str) and not is_operator(p)]
    return names[-1] if names else "the policy"


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) <= 40 else "a string"
    if value is None:
        return "null"
    return "a list" if isinstance(value, list) else "an object"
