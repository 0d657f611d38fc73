"""The proof steps that follow disaster recovery: each shows that a deployed part works
(restore testing, audit reports, job monitoring, protection coverage).

Each entry is a ``Proof``: how many console steps it takes and the function that runs them
over the deployed organization. ``run`` calls them in this order, after copy and restore.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rehearsal.flow.audit_steps import run_audit_proof
from rehearsal.flow.console import Console
from rehearsal.flow.coverage_steps import run_coverage_proof
from rehearsal.flow.deploy_steps import DeployContext
from rehearsal.flow.monitoring_steps import run_monitoring_proof
from rehearsal.flow.restore_testing_steps import run_restore_testing_proof

__all__ = ["PROOFS", "Proof"]


@dataclass(frozen=True, slots=True)
class Proof:
    """A group of rehearsal steps: ``run(console, context)`` takes exactly ``steps`` steps."""

    name: str
    steps: int
    run: Callable[[Console, DeployContext], None]


PROOFS: tuple[Proof, ...] = (
    Proof("coverage report", 1, run_coverage_proof),
    Proof("job monitoring", 1, run_monitoring_proof),
    Proof("restore testing", 1, run_restore_testing_proof),
    Proof("audit reports", 1, run_audit_proof),
)
