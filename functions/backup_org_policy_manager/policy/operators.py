"""Inheritance operators and helpers to read a setting whether it is written as a plain value
or as an operator object (``{"@@assign": ...}``)."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.issues import Path

__all__ = [
    "ALLOWED",
    "ALL_VALUE_OPERATORS",
    "APPEND",
    "ASSIGN",
    "OPERATORS",
    "REMOVE",
    "VALUE_OPERATORS",
    "as_bool",
    "as_int",
    "assigned",
    "children",
    "is_operator",
    "is_setting",
    "settings",
]

# https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
ASSIGN = "@@assign"
APPEND = "@@append"
REMOVE = "@@remove"
ALLOWED = "@@operators_allowed_for_child_policies"
VALUE_OPERATORS = (ASSIGN, APPEND, REMOVE)
ALL_VALUE_OPERATORS = frozenset(VALUE_OPERATORS)
OPERATORS = frozenset({*VALUE_OPERATORS, ALLOWED})


def is_operator(key: str) -> bool:
    """Whether ``key`` is written like an inheritance operator (``@@...``), known or not."""
    return key.startswith("@@")


def is_setting(node: object) -> bool:
    """Whether ``node`` is a setting (a plain value or an object of operators only).

    An object with at least one ordinary key is a container (plans, rules, a lifecycle...).
    """
    return not isinstance(node, dict) or all(is_operator(k) for k in node)


def children(node: object) -> Iterator[tuple[str, object]]:
    """The ordinary (non-operator) keys of an object node and their values."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not is_operator(key):
                yield key, value


def settings(node: object) -> Iterator[tuple[Path, object]]:
    """Each value a setting carries, with its path relative to the setting.

    A plain value is yielded at ``()``; an operator object yields each value-setting
    operator's value at ``(operator,)``.
    """
    if not isinstance(node, dict):
        yield (), node
        return
    for operator in VALUE_OPERATORS:
        if operator in node:
            yield (operator,), node[operator]


def assigned(node: object) -> object | None:
    """The value a setting assigns: the plain value or ``@@assign``'s (``None`` if neither)."""
    if isinstance(node, dict):
        return node.get(ASSIGN)
    return node


def as_int(value: object) -> int | None:
    """An integer setting's value; AWS's own examples write numbers as strings (``"35"``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def as_bool(value: object) -> bool | None:
    """A boolean setting's value, written as JSON ``true``/``false`` or as a string."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None
