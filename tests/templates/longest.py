"""The longest string a CloudFormation parameter's ``AllowedPattern`` (and ``MaxLength``) allows.

Real deployments choose long names; a template must still fit every service limit with them.
The regex is walked with Python's own parser (``re._parser``): each repeat takes its maximum,
each alternation its longest branch, each character class its first member.
"""

from __future__ import annotations

import re

# Python 3.11 renamed sre_parse (deprecated) to re._parser; typeshed does not list it.
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

__all__ = ["UnboundedPatternError", "longest_match"]

_MAXREPEAT = sre_parse.MAXREPEAT
_CATEGORY_SAMPLES = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_WORD": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_NOT_WORD": "-",
}
_CATEGORY_REGEX = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_NOT_WORD": r"\W",
}


class UnboundedPatternError(ValueError):
    """Raised when a pattern has no longest match (``*``/``+``) and no ``MaxLength`` bounds it."""


def longest_match(pattern: str, max_length: int | None = None) -> str:
    """The longest string ``pattern`` fully matches, capped by ``max_length``.

    Raises
    ------
    UnboundedPatternError
        An unbounded repeat and no ``max_length``.
    """
    parsed = sre_parse.parse(pattern)
    budget = [max_length if max_length is not None else None]
    text = _build(list(parsed), budget)
    if max_length is not None:
        text = text[:max_length]
    if not re.fullmatch(pattern, text):
        raise UnboundedPatternError(f"cannot build a longest match for {pattern!r} ({text!r})")
    return text


def _build(items: list[tuple[Any, Any]], budget: list[int | None]) -> str:
    return "".join(_one(op, argument, budget) for op, argument in items)


def _one(op: Any, argument: Any, budget: list[int | None]) -> str:
    name = str(op)
    if name == "LITERAL":
        return chr(argument)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return ""
    if name == "IN":
        return _member(argument)
    if name == "ANY":
        return "a"
    if name == "SUBPATTERN":
        return _build(list(argument[-1]), budget)
    if name == "BRANCH":
        options = [_build(list(branch), budget) for branch in argument[1]]
        return max(options, key=len)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = argument
        if high == _MAXREPEAT:
            if budget[0] is None:
                raise UnboundedPatternError("unbounded repeat without MaxLength")
            high = budget[0]
        piece = _build(list(body), budget)
        return str(piece * max(int(high), int(low)))
    raise NotImplementedError(f"regex element {name} is not supported")


def _member(items: list[tuple[Any, Any]]) -> str:
    if items and str(items[0][0]) == "NEGATE":
        members = items[1:]
        return next(c for c in "a0-_." if not any(_in_member(c, op, arg) for op, arg in members))
    for op, argument in items:
        name = str(op)
        if name == "LITERAL":
            return chr(argument)
        if name == "RANGE":
            return chr(argument[0])
        if name == "CATEGORY":
            return _CATEGORY_SAMPLES[str(argument)]
    raise NotImplementedError(f"character class {items} is not supported")


def _in_member(char: str, op: Any, argument: Any) -> bool:
    name = str(op)
    if name == "LITERAL":
        return char == chr(argument)
    if name == "RANGE":
        return bool(argument[0] <= ord(char) <= argument[1])
    if name == "CATEGORY":
        return bool(re.fullmatch(_CATEGORY_REGEX[str(argument)], char))
    raise NotImplementedError(f"character class member {name} is not supported")
