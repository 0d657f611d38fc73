"""The two AWS Backup Region preference maps as one value, and the arithmetic on them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """``ResourceTypeOptInPreference`` and ``ResourceTypeManagementPreference`` (type -> bool).

    The same shape serves for a whole Region (what Describe returns), for what a resource
    wants, and for a partial update (only the keys to change).
    """

    opt_in: Mapping[str, bool] = field(default_factory=dict)
    management: Mapping[str, bool] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.opt_in or self.management)

    def keys(self) -> tuple[frozenset[str], frozenset[str]]:
        """The opt-in and management keys this value mentions."""
        return frozenset(self.opt_in), frozenset(self.management)

    def only(self, opt_in: Iterable[str], management: Iterable[str]) -> Settings:
        """The subset of this value with the given keys (keys it lacks are left out)."""
        return Settings(
            {name: self.opt_in[name] for name in opt_in if name in self.opt_in},
            {name: self.management[name] for name in management if name in self.management},
        )

    def overlaid(self, other: Settings) -> Settings:
        """This value with ``other``'s keys written over it."""
        return Settings({**self.opt_in, **other.opt_in}, {**self.management, **other.management})

    def differing_from(self, current: Settings) -> Settings:
        """The keys whose value differs from ``current`` (what an update must send)."""
        return Settings(
            {k: v for k, v in self.opt_in.items() if current.opt_in.get(k) is not v},
            {k: v for k, v in self.management.items() if current.management.get(k) is not v},
        )
