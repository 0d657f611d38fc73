"""Every IAM policy document of a rendered template, checked against the Service Authorization
Reference.

For each statement of each policy document (role policies, key policies, vault, bucket, queue
and topic policies, SCPs, the delegation policy), with intrinsics resolved for a realistic
deployment (``deployments.py``):

- every action exists (a wildcard must name at least one action);
- every ``Resource`` can name a resource type of one of the statement's actions, every named
  action can apply to one of the statement's resources, and an action that supports only
  ``"*"`` gets ``"*"``;
- every condition key is carried by every action the statement names (or by its resource
  types), or is a global key: a Deny whose condition no action carries never denies, and an
  Allow whose condition its action never carries never allows.

The data is AWS's (``sar.py``). An exception goes in ``EXCEPTIONS`` with the AWS page that
justifies it; there is no other way to silence a finding.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tests.templates import sar
from tests.templates.loader import policy_documents

__all__ = ["EXCEPTIONS", "Finding", "check_document", "check_template"]

# (action, condition key) pairs AWS documents as working although the SAR does not list them.
EXCEPTIONS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True, slots=True)
class Finding:
    """One statement that does not do what it says, with where it is and why."""

    template: str
    logical_id: str
    sid: str
    kind: str
    message: str

    def __str__(self) -> str:
        where = f"{self.template}: {self.logical_id} statement {self.sid!r}"
        return f"{where}: [{self.kind}] {self.message}"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_template(template_name: str, template: dict[str, Any]) -> Iterator[Finding]:
    """Every finding in every policy document of a rendered ``template``."""
    for logical_id, _, path, document in policy_documents(template):
        if isinstance(document, str):
            document = json.loads(document)
        trust = path == "AssumeRolePolicyDocument"
        for finding in check_document(document, trust=trust):
            yield Finding(template_name, logical_id, *finding)


def check_document(
    document: dict[str, Any], *, trust: bool = False
) -> Iterator[tuple[str, str, str]]:
    """``(sid, kind, message)`` for each problem of one policy document."""
    for index, statement in enumerate(_as_list(document.get("Statement", []))):
        sid = str(statement.get("Sid", f"#{index}"))
        for kind, message in _check_statement(statement, trust=trust):
            yield sid, kind, message


def _check_statement(statement: dict[str, Any], *, trust: bool) -> Iterator[tuple[str, str]]:
    named: list[sar.Action] = []  # actions the statement names exactly
    patterns: list[tuple[str, list[sar.Action]]] = []  # wildcard entries and what they expand to
    for entry in _as_list(statement.get("Action", statement.get("NotAction", []))):
        if entry == "*":
            continue
        found = sar.actions_matching(entry)
        if not found:
            yield (
                "unknown-action",
                f"{entry} is not an action in the Service Authorization Reference",
            )
        elif "*" in entry or "?" in entry:
            patterns.append((entry, found))
        else:
            named.extend(found)
    if "Action" in statement and "Resource" in statement and not trust:
        yield from _check_resources(statement, named, patterns)
    yield from _check_global_keys(statement)
    if "Action" in statement:
        yield from _check_conditions(statement, named, patterns)


def _check_global_keys(statement: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for operator, block in statement.get("Condition", {}).items():
        for key in block:
            if key.lower().startswith("aws:") and not sar.is_known_global_key(key):
                yield "condition-key", f"{operator} {key}: no such global condition key"


def _check_resources(
    statement: dict[str, Any], named: list[sar.Action], patterns: list[tuple[str, list[sar.Action]]]
) -> Iterator[tuple[str, str]]:
    resources = [r for r in _as_list(statement["Resource"]) if isinstance(r, str)]
    everything = "*" in resources
    for action in named:
        if not action.arn_formats:
            if not everything:
                yield "star-only", f'{action.name} supports only Resource "*", not {resources}'
        elif not any(sar.arn_can_match(r, f) for r in resources for f in action.arn_formats):
            yield (
                "no-resource",
                (
                    f"{action.name} applies to none of {resources} "
                    f"(its resource types: {', '.join(action.arn_formats)})"
                ),
            )
    for entry, expanded in patterns:
        if not everything and not any(
            sar.arn_can_match(r, f) for a in expanded for r in resources for f in a.arn_formats
        ):
            yield "no-resource", f"no action of {entry} applies to any of {resources}"
    every_action = named + [a for _, expanded in patterns for a in expanded]
    for resource in resources:
        if resource != "*" and not any(
            sar.arn_can_match(resource, f) for a in every_action for f in a.arn_formats
        ):
            yield (
                "dead-resource",
                f"Resource {resource} is no resource type of the statement's actions",
            )


def _check_conditions(
    statement: dict[str, Any], named: list[sar.Action], patterns: list[tuple[str, list[sar.Action]]]
) -> Iterator[tuple[str, str]]:
    effect = statement.get("Effect", "Allow")
    for operator, block in statement.get("Condition", {}).items():
        for key in block:
            for action in named:
                if not action.carries(key) and (action.name, key) not in EXCEPTIONS:
                    yield (
                        "condition-key",
                        (
                            f"{operator} {key}: {action.name} never carries this key, "
                            f"so this {effect} never applies to it"
                        ),
                    )
            for entry, expanded in patterns:
                lacking = [a.name for a in expanded if not a.carries(key)]
                if len(lacking) == len(expanded):
                    yield (
                        "condition-key",
                        (
                            f"{operator} {key}: no action of {entry} carries this key, "
                            f"so this {effect} never applies"
                        ),
                    )
                elif lacking:
                    yield (
                        "condition-key",
                        (
                            f"{operator} {key}: {', '.join(lacking)} (of {entry}) never carry "
                            f"this key, so this {effect} silently leaves them out; name the "
                            "actions that carry it"
                        ),
                    )
