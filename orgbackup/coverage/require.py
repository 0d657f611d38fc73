"""``--require`` rules: a small grammar for what coverage must show, checked per resource.

    RULE        := SELECTOR "=>" REQUIREMENT ("," REQUIREMENT)*
    SELECTOR    := "all" | TERM ("&" TERM)*
    TERM        := "tag:" KEY ["=" VALUE] | "type:" TYPE | "account:" ID | "region:" REGION
    REQUIREMENT := "protected" | "daily" | "continuous" | "retention>=" DAYS
                 | "copy-to=" (VAULT_ARN | "central") | "cross-region-copy" | "cross-account-copy"

Every resource the selector picks must be protected; when the rule lists more than
``protected``, one single rule of a protecting plan must meet all of them (e.g. "a daily rule
with a copy to the central vault"). Details and examples: docs/coverage.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from orgbackup.coverage.model import Coverage, RuleSummary
from orgbackup.coverage.resource_types import RESOURCE_TYPES

__all__ = ["RequireError", "Requirement", "parse_requirement", "picks", "violations"]

_FLAGS = frozenset({"protected", "daily", "continuous", "cross-region-copy", "cross-account-copy"})


class RequireError(ValueError):
    """Raised when a ``--require`` rule breaks the grammar; the message names the part."""


@dataclass(frozen=True, slots=True)
class Requirement:
    """A parsed rule: selector terms as ``(kind, key, value)`` and what a rule must meet."""

    text: str
    terms: tuple[tuple[str, str, str | None], ...]
    flags: frozenset[str]
    retention: int | None = None
    copy_to: str | None = None


def parse_requirement(text: str, central_vault: str | None = None) -> Requirement:
    """Parse one rule; ``copy-to=central`` takes ``central_vault``.

    Raises
    ------
    RequireError
        The rule breaks the grammar, or names ``central`` without a central vault ARN.
    """
    selector, arrow, wanted = text.partition("=>")
    if not arrow:
        raise RequireError("expected SELECTOR => REQUIREMENT[,REQUIREMENT...]")
    terms = _selector(selector.strip())
    flags: set[str] = set()
    retention = copy_to = None
    for part in (p.strip() for p in wanted.split(",")):
        if part in _FLAGS:
            flags.add(part)
        elif part.startswith("retention>="):
            number = part.removeprefix("retention>=")
            if not number.isdigit():
                raise RequireError(f"requirement {part!r}: retention>= needs a number of days")
            retention = int(number)
        elif part.startswith("copy-to="):
            copy_to = part.removeprefix("copy-to=")
            if copy_to == "central":
                if not central_vault:
                    raise RequireError("requirement 'copy-to=central' needs --central-vault ARN")
                copy_to = central_vault
            elif not copy_to.startswith("arn:"):
                raise RequireError(f"requirement {part!r}: copy-to= takes a vault ARN or central")
        else:
            raise RequireError(f"unknown requirement {part!r}")
    return Requirement(text, terms, frozenset(flags), retention, copy_to)


def _selector(text: str) -> tuple[tuple[str, str, str | None], ...]:
    if text == "all":
        return ()
    terms = []
    for term in (t.strip() for t in text.split("&")):
        kind, colon, rest = term.partition(":")
        if not colon or not rest or kind not in ("tag", "type", "account", "region"):
            raise RequireError(f"selector {term!r}: expected all, tag:, type:, account: or region:")
        key, eq, value = rest.partition("=")
        if kind == "type" and rest not in RESOURCE_TYPES:
            raise RequireError(f"selector {term!r}: {rest!r} is not an AWS Backup resource type")
        terms.append((kind, key if kind == "tag" else rest, value if eq else None))
    return tuple(terms)


def picks(requirement: Requirement, coverage: Coverage) -> bool:
    """Whether the rule's selector picks this resource."""
    resource = coverage.resource
    for kind, key, value in requirement.terms:
        actual = {
            "tag": resource.tags.get(key),
            "type": resource.resource_type,
            "account": coverage.account_id,
            "region": coverage.region,
        }[kind]
        expected = key if kind != "tag" else value
        if actual is None or (expected is not None and actual != expected):
            return False
    return True


def violations(requirement: Requirement, results: tuple[Coverage, ...]) -> list[str]:
    """One line per resource the rule picks and that breaks it."""
    found = []
    for coverage in results:
        if not picks(requirement, coverage):
            continue
        where = f"{coverage.account_id} {coverage.region} {coverage.resource.arn}"
        if not coverage.protected:
            found.append(f"{where}: not protected ({coverage.reason})")
        elif not any(
            _meets(requirement, rule, coverage) for p in coverage.protections for rule in p.rules
        ):
            found.append(f"{where}: no single rule is {_wanted(requirement)}")
    return found


def _meets(requirement: Requirement, rule: RuleSummary, coverage: Coverage) -> bool:
    copies = [c.vault_arn for c in rule.copy_actions]
    checks = {
        "protected": True,
        "daily": rule.runs_daily,
        "continuous": rule.continuous,
        "cross-region-copy": any(_arn_part(c, 3) not in ("", coverage.region) for c in copies),
        "cross-account-copy": any(_arn_part(c, 4) not in ("", coverage.account_id) for c in copies),
    }
    if not all(checks[flag] for flag in requirement.flags):
        return False
    kept = rule.delete_after_days  # None: kept until deleted by hand
    if requirement.retention is not None and kept is not None and kept < requirement.retention:
        return False
    return requirement.copy_to is None or requirement.copy_to in copies


def _arn_part(arn: str, index: int) -> str:
    parts = arn.split(":")
    return parts[index] if len(parts) > index else ""


def _wanted(requirement: Requirement) -> str:
    words = sorted(requirement.flags - {"protected"})
    if requirement.retention is not None:
        words.append(f"retention>={requirement.retention}")
    if requirement.copy_to:
        words.append(f"copy-to={requirement.copy_to}")
    return ", ".join(words)
