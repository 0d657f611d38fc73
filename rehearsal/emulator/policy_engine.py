"""Wire the project's backup policy engine into the emulator's DescribeEffectivePolicy.

The emulator computes which policies apply from the root down to an account; how they
merge (``@@assign``, ``@@append``, ``@@remove``, child restrictions) is the engine's job.
"""

from __future__ import annotations

from backup_org_policy_manager.policy import effective_document, effective_policy, validate
from rehearsal.emulator.organizations import (
    set_effective_policy_checker,
    set_effective_policy_engine,
)
from rehearsal.emulator.organizations.effective import ValidationError

# Error code for a plan AWS Backup would not run; AWS's own codes are not documented, so
# validation problems carry the engine's issue codes (P1xx ... P9xx).
INCOMPLETE_PLAN = "INCOMPLETE_PLAN"


def _engine(levels: list[list[str]]) -> str | None:
    return effective_document(levels)


def _checker(levels: list[list[str]]) -> list[ValidationError]:
    merged = effective_policy(levels)
    errors = [
        (INCOMPLETE_PLAN, f"Plan {plan.name} is incomplete, so AWS Backup does not run it.", path)
        for plan in merged.plans.values()
        for path in plan.missing
    ]
    errors += [(i.code, i.message, i.json_path) for i in validate(merged.document)]
    return errors


def wire_policy_engine() -> None:
    """Make the effective-policy APIs for BACKUP_POLICY answer with the engine's verdicts."""
    set_effective_policy_engine(_engine)
    set_effective_policy_checker(_checker)
