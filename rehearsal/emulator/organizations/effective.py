"""The pluggable engine that turns a root-to-account chain of policies into an effective policy.

The emulator only computes the chain; the inheritance rules (``@@assign``, ``@@append``, ...)
live in the project's policy engine, which wires itself in with ``set_effective_policy_engine``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache

__all__ = [
    "EffectivePolicyChecker",
    "EffectivePolicyEngine",
    "ValidationError",
    "check_chain",
    "effective_policy_checker",
    "effective_policy_engine",
    "merge_chain",
    "set_effective_policy_checker",
    "set_effective_policy_engine",
]

EffectivePolicyEngine = Callable[[list[list[str]]], str | None]
"""Takes the levels (root first, account last; each the contents attached directly to that
node) and returns the effective policy as a JSON string, or None when nothing applies."""

ValidationError = tuple[str, str, str]
"""(error code, message, JSON path) of one problem in an effective policy."""

EffectivePolicyChecker = Callable[[list[list[str]]], list[ValidationError]]
"""Takes the same levels as an engine and returns what makes the effective policy invalid
(an empty list when it is valid)."""

_lock = threading.Lock()
_engines: dict[str, EffectivePolicyEngine] = {}
_checkers: dict[str, EffectivePolicyChecker] = {}


def set_effective_policy_engine(
    engine: EffectivePolicyEngine | None, policy_type: str = "BACKUP_POLICY"
) -> None:
    """Wire ``engine`` for ``policy_type`` in this process (``None`` unwires it).

    The engine is process-wide, so it serves both the in-process emulator and the loopback
    server started in the same process.
    """
    with _lock:
        if engine is None:
            _engines.pop(policy_type, None)
        else:
            _engines[policy_type] = engine


def effective_policy_engine(policy_type: str) -> EffectivePolicyEngine | None:
    """The engine wired for ``policy_type``, if any."""
    with _lock:
        return _engines.get(policy_type)


def set_effective_policy_checker(
    checker: EffectivePolicyChecker | None, policy_type: str = "BACKUP_POLICY"
) -> None:
    """Wire ``checker`` for ``policy_type`` (``None`` unwires it); serves
    ListAccountsWithInvalidEffectivePolicy and ListEffectivePolicyValidationErrors."""
    with _lock:
        if checker is None:
            _checkers.pop(policy_type, None)
        else:
            _checkers[policy_type] = checker


def effective_policy_checker(policy_type: str) -> EffectivePolicyChecker | None:
    """The checker wired for ``policy_type``, if any."""
    with _lock:
        return _checkers.get(policy_type)


# Accounts under the same OUs share one chain of contents, so thousands of accounts need only a
# few merges; the key holds the engine itself, so re-wiring one never serves a stale answer.
_CHAINS_KEPT = 4096


@lru_cache(maxsize=_CHAINS_KEPT)
def _merge(engine: EffectivePolicyEngine, levels: tuple[tuple[str, ...], ...]) -> str | None:
    return engine([list(level) for level in levels])


@lru_cache(maxsize=_CHAINS_KEPT)
def _check(
    checker: EffectivePolicyChecker, levels: tuple[tuple[str, ...], ...]
) -> tuple[ValidationError, ...]:
    return tuple(checker([list(level) for level in levels]))


def merge_chain(engine: EffectivePolicyEngine, levels: tuple[tuple[str, ...], ...]) -> str | None:
    """``engine(levels)``, computed once per distinct chain of contents (levels root first)."""
    return _merge(engine, levels)


def check_chain(
    checker: EffectivePolicyChecker, levels: tuple[tuple[str, ...], ...]
) -> list[ValidationError]:
    """``checker(levels)``, computed once per distinct chain of contents (levels root first)."""
    return list(_check(checker, levels))
