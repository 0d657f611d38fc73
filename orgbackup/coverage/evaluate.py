"""Decide, as AWS Backup does, whether one account's effective backup policy protects a
resource in a Region, and if not, why.

A plan protects a resource when one of its selections picks it (``selections``), the plan is
complete (AWS Backup runs only complete effective plans; the engine's ``plan_status`` says
what is missing), the Region is in the plan's ``regions``, and the Region's resource-type
opt-in allows it. Opt-in (https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html,
introduction): tag-only and "all resources" (``*``) assignments honour it; a resource type
assigned explicitly is backed up even when opted out, except Aurora, Neptune and DocumentDB.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backup_org_policy_manager.policy.effective import plan_status
from orgbackup.coverage.model import Coverage, Miss, Protection, Resource, RuleSummary
from orgbackup.coverage.resource_types import OPT_IN_ALWAYS_APPLIES
from orgbackup.coverage.rules import summarize_rules
from orgbackup.coverage.selections import SelectionMatch, matching_selections

__all__ = ["AccountPolicy", "account_policy", "evaluate"]


@dataclass(frozen=True, slots=True)
class AccountPolicy:
    """An account's effective document (``$account`` replaced), each plan's missing keys, and
    each plan's rules summarized once (every resource a plan protects shares them)."""

    document: Mapping[str, object]
    missing: Mapping[str, tuple[str, ...]]
    rules: Mapping[str, tuple[RuleSummary, ...]]


def account_policy(document: Mapping[str, object] | None) -> AccountPolicy | None:
    """Wrap an effective document (as ``DescribeEffectivePolicy`` returns it, parsed);
    ``None`` (no policy applies) stays ``None``."""
    if document is None:
        return None
    plans = document.get("plans")
    named = list(plans.items()) if isinstance(plans, Mapping) else []
    return AccountPolicy(
        document,
        {str(n): plan_status(str(n), p).missing for n, p in named},
        {str(n): summarize_rules(p.get("rules")) for n, p in named if isinstance(p, Mapping)},
    )


def evaluate(
    policy: AccountPolicy | None,
    account_id: str,
    region: str,
    resource: Resource,
    opt_in: Mapping[str, bool] | None = None,
) -> Coverage:
    """The ``Coverage`` of ``resource`` in ``account_id``/``region``.

    ``opt_in`` is ``DescribeRegionSettings``' ``ResourceTypeOptInPreference``; ``None`` (or a
    type it lacks) counts as opted in.
    """
    if policy is None:
        return Coverage(account_id, region, resource, no_policy=True)
    protections: list[Protection] = []
    misses: list[Miss] = []
    plans = policy.document.get("plans")
    for name, plan in plans.items() if isinstance(plans, Mapping) else []:
        if not isinstance(plan, Mapping):
            continue
        matches = list(matching_selections(plan.get("selections"), resource, account_id))
        if not matches:
            continue
        missing = policy.missing.get(str(name), ())
        verdict = _verdict(str(name), plan, matches, missing, region, resource, opt_in)
        if isinstance(verdict, Miss):
            misses.append(verdict)
        else:
            protections.append(Protection(str(name), verdict, policy.rules.get(str(name), ())))
    return Coverage(account_id, region, resource, tuple(protections), tuple(misses))


def _verdict(
    name: str,
    plan: Mapping[str, object],
    matches: list[SelectionMatch],
    missing: tuple[str, ...],
    region: str,
    resource: Resource,
    opt_in: Mapping[str, bool] | None,
) -> str | Miss:
    """A ``Miss``, or the name of the selection through which the plan protects."""
    first = matches[0].name
    if missing:
        return Miss(name, first, "plan-incomplete", "missing " + ", ".join(missing))
    regions = plan.get("regions")
    if region not in (regions if isinstance(regions, list) else []):
        return Miss(name, first, "region-not-in-plan", f"{region} is not in the plan's regions")
    opted_in = (opt_in or {}).get(resource.resource_type, True)
    allowed = [
        m
        for m in matches
        if opted_in or (m.explicit and resource.resource_type not in OPT_IN_ALWAYS_APPLIES)
    ]
    if not allowed:
        detail = f"{resource.resource_type} is opted out in {region}"
        return Miss(name, first, "opted-out", detail)
    return allowed[0].name
