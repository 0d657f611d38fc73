"""The pluggable engine that turns a root-to-account chain of policies into an effective policy.

The emulator only computes the chain; the inheritance rules (``@@assign``, ``@@append``, ...)
live in the project's policy engine, which wires itself in with ``set_effective_policy_engine``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

__all__ = ["EffectivePolicyEngine", "effective_policy_engine", "set_effective_policy_engine"]

EffectivePolicyEngine = Callable[[list[list[str]]], str | None]
"""Takes the levels (root first, account last; each the contents attached directly to that
node) and returns the effective policy as a JSON string, or None when nothing applies."""

_lock = threading.Lock()
_engines: dict[str, EffectivePolicyEngine] = {}


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
