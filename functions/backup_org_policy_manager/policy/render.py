"""Render a policy for AWS: substitute variables, pin regions, refuse what AWS would refuse to
parse, and minify (AWS stores whitespace and counts it against the 10,000-character limit)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from backup_org_policy_manager.policy.checks.placeholders import PLACEHOLDER, check_placeholders
from backup_org_policy_manager.policy.issues import Issue, PolicyValidationError, sort_issues
from backup_org_policy_manager.policy.operators import ASSIGN
from backup_org_policy_manager.policy.parse import minify, parse_document

__all__ = ["render"]

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def render(
    content: Mapping[str, object] | str,
    *,
    variables: Mapping[str, str] | None = None,
    regions: Iterable[str] | str | None = None,
) -> str:
    """The minified policy AWS should store.

    Parameters
    ----------
    content
        The policy as an object or as JSON text.
    variables
        Literal text to replace (e.g. ``"${CentralVaultArn}"``) mapped to its value. Replaced
        in keys and values before parsing, so a ``copy_actions`` key can be a vault ARN.
    regions
        When given (a list, or one comma-separated string), every plan's ``regions`` becomes
        ``{"@@assign": [...]}``.

    Returns
    -------
    str
        Compact JSON (``separators=(",", ":")``), non-ASCII kept as is.

    Raises
    ------
    PolicyValidationError
        The text is not a JSON object (``P100``), repeats a key (``P108``), keeps a ``${...}``
        placeholder nobody supplied (``P109``) or ``regions`` names none (``P602``).
    """
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    if variables:
        text = _substitute(text, variables)
    document, issues = parse_document(text)
    if document is None:
        leftover = dict.fromkeys(PLACEHOLDER.findall(text))
        unset = [Issue("P109", (), f"variable {name} was not given a value") for name in leftover]
        # An unquoted placeholder is what broke the JSON, so it is named first.
        raise PolicyValidationError(unset + issues)
    issues += check_placeholders(document)
    if regions is not None:
        issues += _pin_regions(document, regions)
    if issues:
        raise PolicyValidationError(sort_issues(issues))
    return minify(document)


def _substitute(text: str, variables: Mapping[str, str]) -> str:
    """Replace every variable in one pass (a value is never substituted again).

    Inside a JSON string the value is escaped; outside one it is inserted as written, so a
    placeholder can also stand for a number or a list.
    """
    names = sorted(variables, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, names)))

    def replace(segment: str, *, quoted: bool) -> str:
        def value(match: re.Match[str]) -> str:
            raw = variables[match.group()]
            return json.dumps(raw, ensure_ascii=False)[1:-1] if quoted else raw

        return pattern.sub(value, segment)

    parts, position = [], 0
    for match in _JSON_STRING.finditer(text):
        parts.append(replace(text[position : match.start()], quoted=False))
        parts.append(replace(match.group(), quoted=True))
        position = match.end()
    parts.append(replace(text[position:], quoted=False))
    return "".join(parts)


def _pin_regions(document: dict[str, object], regions: Iterable[str] | str) -> list[Issue]:
    given = regions.split(",") if isinstance(regions, str) else regions
    names = list(dict.fromkeys(r.strip() for r in given if r.strip()))
    if not names:
        return [Issue("P602", (), "regions were given but name no Region")]
    plans = document.get("plans")
    if isinstance(plans, dict):
        for name, plan in plans.items():
            if isinstance(plan, dict) and not name.startswith("@@"):
                plan["regions"] = {ASSIGN: list(names)}
    return []
