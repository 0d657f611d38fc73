"""The coverage report as JSON, for machines: every verdict, the roll-ups and the
requirement failures. Shape documented in docs/coverage.md."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from orgbackup.coverage.assess import Assessment, Rollup
from orgbackup.coverage.model import Coverage, RuleSummary

__all__ = ["json_report"]


def json_report(assessment: Assessment, failures: list[str]) -> dict[str, Any]:
    """``{"summary", "resources", "accounts", "ous", "requirements_failed"}``."""
    return {
        "summary": {
            "resources": len(assessment.results),
            "protected": len(assessment.results) - assessment.unprotected,
            "unprotected": assessment.unprotected,
        },
        "resources": [_coverage(c, {}) for c in assessment.results],
        "accounts": [_rollup(r, "account_id") for r in assessment.accounts],
        "ous": [_rollup(r, "ou") for r in assessment.ous],
        "requirements_failed": failures,
    }


def _coverage(coverage: Coverage, rules: dict[int, dict[str, Any]]) -> dict[str, Any]:
    resource = coverage.resource
    return {
        "account_id": coverage.account_id,
        "region": coverage.region,
        "arn": resource.arn,
        "type": resource.resource_type,
        "tags": dict(resource.tags),
        "protected": coverage.protected,
        "reason": coverage.reason,
        "protected_by": [
            {"plan": p.plan, "selection": p.selection, "rules": [_rule(r, rules) for r in p.rules]}
            for p in coverage.protections
        ],
        "skipped_plans": [asdict(m) for m in coverage.misses],
    }


def _rule(rule: RuleSummary, seen: dict[int, dict[str, Any]]) -> dict[str, Any]:
    # Accounts share their plans' rule summaries, so each is converted once.
    if id(rule) not in seen:
        seen[id(rule)] = asdict(rule)
    return seen[id(rule)]


def _rollup(rollup: Rollup, key: str) -> dict[str, Any]:
    return {
        key: rollup.key,
        **({"name": rollup.label} if key == "account_id" else {}),
        "resources": rollup.resources,
        "protected": rollup.protected,
        "unprotected": rollup.unprotected,
        "unprotected_by_reason": dict(sorted(rollup.reasons.items())),
    }
