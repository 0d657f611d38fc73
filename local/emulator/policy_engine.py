"""Wire the project's backup policy engine into the emulator's DescribeEffectivePolicy.

The emulator computes which policies apply from the root down to an account; how they
merge (``@@assign``, ``@@append``, ``@@remove``, child restrictions) is the engine's job.
"""

from __future__ import annotations

from backup_org_policy_manager.policy import effective_document
from local.emulator.organizations import set_effective_policy_engine


def _engine(levels: list[list[str]]) -> str | None:
    return effective_document(levels)


def wire_policy_engine() -> None:
    """Make DescribeEffectivePolicy(BACKUP_POLICY) answer with the engine's effective policy."""
    set_effective_policy_engine(_engine)
