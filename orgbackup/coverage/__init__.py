"""Protection coverage: which resources an account's effective backup policy protects, with
which plan and rule, and why the others are not protected. Pure: no AWS calls here except in
``aws_inventory``. Guide: docs/coverage.md."""

from orgbackup.coverage.evaluate import AccountPolicy, account_policy, evaluate
from orgbackup.coverage.model import (
    REASONS,
    CopyAction,
    Coverage,
    Miss,
    Protection,
    Reason,
    Resource,
    RuleSummary,
)

__all__ = [
    "REASONS",
    "AccountPolicy",
    "CopyAction",
    "Coverage",
    "Miss",
    "Protection",
    "Reason",
    "Resource",
    "RuleSummary",
    "account_policy",
    "evaluate",
]
