"""String and ARN matching as AWS Backup applies it to resource selections.

- ARN patterns in ``resource_types``/``not_resource_types``: ``*`` is "zero or more
  non-whitespace characters" and ``"*"`` alone is every resource
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html).
- ``string_like``/``string_not_like``: the wildcard ``*`` "anywhere in the string"
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Conditions.html); the same page
  says conditions "are case sensitive". ``?`` matches one character, as in the IAM condition
  operators that page's JSON examples follow
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
- Every condition must hold (AND); a negated operator on a tag the resource lacks holds, as in
  IAM ("...IfExists" aside, a missing key makes a negated condition true).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

__all__ = ["TAG_CONDITION_PREFIX", "arn_matches", "conditions_hold", "like"]

TAG_CONDITION_PREFIX = "aws:ResourceTag/"
_OPERATORS = ("string_equals", "string_not_equals", "string_like", "string_not_like")


@cache
def _pattern(text: str, any_char: bool) -> re.Pattern[str]:
    parts = []
    for char in text:
        if char == "*":
            parts.append(r"\S*" if not any_char else ".*")
        elif char == "?" and any_char:
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def like(value: str, pattern: str) -> bool:
    """``StringLike``: case-sensitive, ``*`` any run of characters, ``?`` one character."""
    return _pattern(pattern, True).fullmatch(value) is not None


def arn_matches(arn: str, pattern: str) -> bool:
    """Whether ``arn`` fits a ``resource_types`` pattern (``*`` = non-whitespace run)."""
    return _pattern(pattern, False).fullmatch(arn) is not None


def conditions_hold(conditions: object, tags: Mapping[str, str]) -> bool:
    """Whether every condition of a selection's ``conditions`` holds for ``tags`` (AND).

    ``conditions`` maps each operator (``string_equals`` ...) to named conditions (the
    Organizations syntax, ``{name: {condition_key, condition_value}}``) or to a list of them.
    A ``condition_key`` other than ``aws:ResourceTag/<key>`` never holds.
    """
    return all(
        _holds(operator, key, value, tags) for operator, key, value in _conditions(conditions)
    )


def _conditions(conditions: object) -> Iterator[tuple[str, str, str]]:
    if not isinstance(conditions, Mapping):
        return
    for operator in _OPERATORS:
        entries = conditions.get(operator)
        items = list(entries.values()) if isinstance(entries, Mapping) else entries
        for entry in items if isinstance(items, list) else []:
            if isinstance(entry, Mapping):
                key, value = entry.get("condition_key"), entry.get("condition_value")
                yield operator, str(key or ""), str(value if value is not None else "")


def _holds(operator: str, key: str, expected: str, tags: Mapping[str, str]) -> bool:
    negated = "_not_" in operator
    if not key.startswith(TAG_CONDITION_PREFIX):
        return False
    actual = tags.get(key[len(TAG_CONDITION_PREFIX) :])
    if actual is None:
        return negated
    matched = like(actual, expected) if operator.endswith("like") else actual == expected
    return matched != negated
