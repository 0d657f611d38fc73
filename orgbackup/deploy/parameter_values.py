"""Check the configuration's ``parameters:`` against what each stack kind's template declares.

CloudFormation checks a parameter value only when the stack is created or updated, which for
the pipeline's stacks is after the manual approval. This applies the same rules first: the stack
kind exists, the template declares the parameter, and the value fits its ``Type``,
``AllowedValues``, ``AllowedPattern``, ``MinLength``/``MaxLength`` and ``MinValue``/``MaxValue``.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from orgbackup.deploy.errors import ConfigIssue
from orgbackup.deploy.stacks import STACKS
from orgbackup.deploy.templates import read_template

__all__ = ["parameter_issues", "value_issues"]

_LIST_TYPES = frozenset({"CommaDelimitedList", "List<Number>", "List<String>"})
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean {close[0]}?" if close else f"choose from {', '.join(known)}"


def _what(spec: Mapping[str, Any]) -> str:
    """What a valid value looks like, in the template's words, with its default as an example."""
    words = str(spec.get("ConstraintDescription") or spec.get("Description") or "").strip()
    words = " ".join(words.split()).split(". ")[0]  # the first sentence is enough here
    default = spec.get("Default")
    example = f' (e.g. "{default}")' if default not in (None, "") else ""
    return f"{words.rstrip('.')}{example}" if words else example.strip(" ()")


def _item_issue(item: str, spec: Mapping[str, Any], number: bool) -> str | None:
    if number:
        if not _NUMBER.match(item.strip()):
            return f"{item!r} is not a number"
        value = float(item)
        if "MinValue" in spec and value < float(spec["MinValue"]):
            return f"{item} is below the minimum {spec['MinValue']}"
        if "MaxValue" in spec and value > float(spec["MaxValue"]):
            return f"{item} is above the maximum {spec['MaxValue']}"
    allowed = [str(choice) for choice in spec.get("AllowedValues") or []]
    if allowed and item not in allowed:
        return f"{item!r} is not one of {', '.join(allowed)}"
    pattern = spec.get("AllowedPattern")
    # CloudFormation matches the whole value (each item of a list) against AllowedPattern.
    if pattern and not re.fullmatch(str(pattern), item):
        return f"{item!r} is not valid"
    return None


def value_issues(spec: Mapping[str, Any], value: str) -> str | None:
    """Why CloudFormation would refuse ``value`` for a parameter declared as ``spec``, or None.

    The reason ends with what a valid value looks like (the template's ConstraintDescription or
    Description, and its default), never with the raw pattern.
    """
    kind = str(spec.get("Type", "String"))
    number = kind in ("Number", "List<Number>")
    items = value.split(",") if kind in _LIST_TYPES else [value]
    reason = None
    if kind == "String" and "MinLength" in spec and len(value) < int(spec["MinLength"]):
        reason = f"is {len(value)} characters; the minimum is {spec['MinLength']}"
    elif kind == "String" and "MaxLength" in spec and len(value) > int(spec["MaxLength"]):
        reason = f"is {len(value)} characters; the maximum is {spec['MaxLength']}"
    else:
        reason = next(filter(None, (_item_issue(item, spec, number) for item in items)), None)
    if reason is None:
        return None
    what = _what(spec)
    return f"{reason}; expected {what}" if what else reason


def parameter_issues(parameters: Mapping[str, Any], root: Path) -> Iterator[ConfigIssue]:
    """Every problem in the ``parameters:`` section, each at its JSON path.

    ``parameters`` maps a stack kind (``management``, ``stacksets``…: ``STACKS`` in stacks.py)
    to ``{parameter name: string value}``; templates are read from ``root``.
    """
    templates = {spec.kind: spec.template for spec in STACKS}
    for kind, values in parameters.items():
        if kind not in templates:
            message = f"is not a stack kind; {_suggest(kind, sorted(templates))}"
            yield ConfigIssue(f"$.parameters.{kind}", message)
            continue
        if not isinstance(values, Mapping):
            continue  # the schema names it
        declared = read_template(root / templates[kind]).parameters
        for name, value in values.items():
            path = f"$.parameters.{kind}.{name}"
            if name not in declared:
                hint = _suggest(name, sorted(declared))
                yield ConfigIssue(path, f"{templates[kind]} declares no such parameter; {hint}")
            elif isinstance(value, str) and (reason := value_issues(declared[name], value)):
                yield ConfigIssue(path, reason)
