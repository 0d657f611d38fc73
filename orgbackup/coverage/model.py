"""The values coverage works with: a resource, the rules that protect it, and why a resource
is left unprotected. Frozen dataclasses, no AWS calls."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "REASONS",
    "CopyAction",
    "Coverage",
    "Miss",
    "Protection",
    "Reason",
    "Resource",
    "RuleSummary",
]

Reason = Literal[
    "no-policy", "no-selection-matched", "opted-out", "region-not-in-plan", "plan-incomplete"
]
# Plain words for each reason, in the order reports list them.
REASONS: dict[str, str] = {
    "no-policy": "no backup policy applies to the account",
    "no-selection-matched": "no selection of any plan matches the resource",
    "opted-out": "a selection matches, but the resource type is opted out in this Region",
    "region-not-in-plan": "a selection matches, but the plan does not run in this Region",
    "plan-incomplete": "a selection matches, but the plan is incomplete, so AWS Backup skips it",
}


@dataclass(frozen=True, slots=True)
class Resource:
    """One resource: its ARN, its AWS Backup ``ResourceType`` (e.g. ``DynamoDB``), its tags."""

    arn: str
    resource_type: str
    tags: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class CopyAction:
    """A copy a rule makes: the destination vault ARN and the copy's lifecycle (days)."""

    vault_arn: str
    delete_after_days: int | None = None
    move_to_cold_storage_after_days: int | None = None


@dataclass(frozen=True, slots=True)
class RuleSummary:
    """What one backup rule does, in the units an auditor asks for.

    ``frequency`` is the schedule in plain words; ``runs_daily`` says whether it runs at least
    once every day; lifecycle values are days (``None``: kept until deleted by hand).
    """

    name: str
    schedule_expression: str
    frequency: str
    runs_daily: bool
    vault_name: str
    delete_after_days: int | None = None
    move_to_cold_storage_after_days: int | None = None
    continuous: bool = False
    copy_actions: tuple[CopyAction, ...] = ()


@dataclass(frozen=True, slots=True)
class Protection:
    """A plan that backs the resource up, through ``selection``, with all of its rules."""

    plan: str
    selection: str
    rules: tuple[RuleSummary, ...]


@dataclass(frozen=True, slots=True)
class Miss:
    """A plan whose selection matches the resource but which does not back it up, and why."""

    plan: str
    selection: str
    reason: Reason
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Coverage:
    """The verdict for one resource in one account and Region."""

    account_id: str
    region: str
    resource: Resource
    protections: tuple[Protection, ...] = ()
    misses: tuple[Miss, ...] = ()
    no_policy: bool = False

    @property
    def protected(self) -> bool:
        """True when at least one complete plan backs the resource up here."""
        return bool(self.protections)

    @property
    def reason(self) -> Reason | None:
        """Why it is unprotected (``None`` when protected): the first miss, else no match."""
        if self.protections:
            return None
        if self.no_policy:
            return "no-policy"
        return self.misses[0].reason if self.misses else "no-selection-matched"
