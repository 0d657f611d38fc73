"""Readers for CloudFormation property values, which arrive as strings, lists or maps.

Each reader names the property in its error; none calls AWS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from backup_org_policy_manager.errors import InvalidPropertyError

__all__ = ["optional_string", "read_list", "read_string_map", "required_string"]


def required_string(props: Mapping[str, object], name: str, *, max_length: int) -> str:
    """A non-empty string property of at most ``max_length`` characters."""
    value = props.get(name)
    if value is None or value == "":
        raise InvalidPropertyError(name, "is required")
    return _string(value, name, max_length)


def optional_string(
    props: Mapping[str, object], name: str, *, max_length: int, default: str = ""
) -> str:
    """A string property that may be absent (``default``)."""
    value = props.get(name)
    return default if value is None else _string(value, name, max_length)


def _string(value: object, name: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise InvalidPropertyError(name, f"must be a string, got {type(value).__name__}")
    if len(value) > max_length:
        raise InvalidPropertyError(name, f"is {len(value)} characters; at most {max_length}")
    return value


def read_list(
    value: object, name: str, *, pattern: re.Pattern[str] | None = None
) -> tuple[str, ...]:
    """A list of strings, or one comma-separated string; blanks dropped, duplicates once.

    Raises
    ------
    InvalidPropertyError
        Not a list/string, an item that is not a string, or one that misses ``pattern``.
    """
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, list):
        items = list(value)
    else:
        raise InvalidPropertyError(name, "must be a list or a comma-separated string")
    result: dict[str, None] = {}
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise InvalidPropertyError(f"{name}[{index}]", "must be a string")
        text = item.strip()
        if not text:
            continue
        if pattern is not None and not pattern.fullmatch(text):
            raise InvalidPropertyError(f"{name}[{index}]", f"{text[:64]!r} is not valid")
        result[text] = None
    return tuple(result)


def read_string_map(value: object, name: str, *, key_field: str = "Key") -> dict[str, str]:
    """A map of strings, given as an object, a list of one-key objects or ``[{Key, Value}]``.

    Raises
    ------
    InvalidPropertyError
        Any other shape, or a key or value that is not a string.
    """
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping) and set(item) == {key_field, "Value"}:
                pairs.append((item[key_field], item["Value"]))
            elif isinstance(item, Mapping) and len(item) == 1:
                pairs.extend(item.items())
            else:
                raise InvalidPropertyError(
                    f"{name}[{index}]", f"must be a one-key object or {{{key_field}, Value}}"
                )
    else:
        raise InvalidPropertyError(name, "must be an object (or a list of one-key objects)")
    result: dict[str, str] = {}
    for key, item in pairs:
        if not isinstance(key, str) or not key:
            raise InvalidPropertyError(name, "keys must be non-empty strings")
        if not isinstance(item, str):
            raise InvalidPropertyError(f"{name}.{key[:64]}", "must be a string")
        result[key] = item
    return result
