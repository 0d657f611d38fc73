"""Evaluate every resource of an inventory and roll the verdicts up per account and per OU."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from orgbackup.coverage.evaluate import AccountPolicy, evaluate
from orgbackup.coverage.inventory import AccountInventory, Inventory
from orgbackup.coverage.model import Coverage

__all__ = ["Assessment", "Rollup", "assess"]


@dataclass(frozen=True, slots=True)
class Rollup:
    """Counts for one account or OU: resources, protected, and unprotected per reason."""

    key: str
    label: str
    resources: int = 0
    protected: int = 0
    reasons: Counter[str] = field(default_factory=Counter, hash=False)

    @property
    def unprotected(self) -> int:
        """Resources no plan backs up."""
        return self.resources - self.protected


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every verdict, in inventory order, with the per-account and per-OU roll-ups."""

    results: tuple[Coverage, ...]
    accounts: tuple[Rollup, ...]
    ous: tuple[Rollup, ...]

    @property
    def unprotected(self) -> int:
        """How many resources no plan backs up."""
        return sum(1 for r in self.results if not r.protected)


def assess(
    inventory: Inventory,
    policies: Mapping[str, AccountPolicy | None],
    ous: Mapping[str, str] | None = None,
) -> Assessment:
    """Evaluate each resource with its account's policy (``policies[account_id]``).

    ``ous`` maps an account id to its OU path when the inventory does not give one. Each
    account counts towards every OU on its path (``Root``, ``Root/Workloads`` ...).
    """
    results: list[Coverage] = []
    by_account: list[Rollup] = []
    by_ou: dict[str, list[Rollup]] = {}
    for account in inventory.accounts:
        own = [
            evaluate(policies.get(account.id), account.id, region.name, resource, region.opt_in)
            for region in account.regions
            for resource in region.resources
        ]
        results += own
        rollup = _rollup(account.id, account.name or account.id, own)
        by_account.append(rollup)
        for path in _ou_paths(account, ous or {}):
            by_ou.setdefault(path, []).append(rollup)
    totals = tuple(_total(path, by_ou[path]) for path in sorted(by_ou))
    return Assessment(tuple(results), tuple(by_account), totals)


def _rollup(key: str, label: str, results: list[Coverage]) -> Rollup:
    reasons = Counter(str(r.reason) for r in results if r.reason is not None)
    return Rollup(key, label, len(results), sum(1 for r in results if r.protected), reasons)


def _total(path: str, parts: list[Rollup]) -> Rollup:
    reasons: Counter[str] = Counter()
    for part in parts:
        reasons.update(part.reasons)
    resources = sum(p.resources for p in parts)
    return Rollup(path, path, resources, sum(p.protected for p in parts), reasons)


def _ou_paths(account: AccountInventory, ous: Mapping[str, str]) -> Iterator[str]:
    path = account.ou or ous.get(account.id, "")
    parts = [p for p in path.split("/") if p]
    for end in range(1, len(parts) + 1):
        yield "/".join(parts[:end])
