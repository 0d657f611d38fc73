"""Does an emulator call cost the same at 100, 1,000 and 5,000 accounts?

For each size a generated organization (bench/_org_generator.py: OUs five levels deep, 20
backup policies at root, OU and account levels) is built in the in-process emulator through
boto3, then the per-call wall time (best of 3 rounds) of AttachPolicy (20 accounts),
ListAccountsForParent (pages of 5 of the largest OU), DescribeEffectivePolicy (50 accounts across
the tree; the first round merges each chain, later rounds reuse the merge) and
ListAccountsWithInvalidEffectivePolicy: the first page after an AttachPolicy (recomputes, the
other chains' verdicts reused), after an UpdatePolicy of a root policy (every chain is new, so
every distinct chain is merged and validated again) and the following pages (read from the
cached list). ``before`` gives the figures issue 15 measured before the indexes and the cache.

Budgets: at the largest size, AttachPolicy, ListAccountsForParent, DescribeEffectivePolicy
(merged before) and a cached ListAccountsWithInvalidEffectivePolicy page each take at most 3x
their cost at the smallest size (and under 25 ms); a recomputing page takes under 10 s.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import boto3

from bench._emulated_org import BACKUP, EmulatedOrg, build, measure_sizes
from bench._report import finish

DEFAULT_SIZES = "100,1000,5000"
SAMPLE = 50
ROUNDS = 3
PAGE = 5
MAX_GROWTH = 3.0
MAX_CALL_MS = 25.0
MAX_RECOMPUTE_S = 10.0
INVALID = "ListAccountsWithInvalidEffectivePolicy"
AFTER_ATTACH, AFTER_UPDATE = f"{INVALID} (after AttachPolicy)", f"{INVALID} (after UpdatePolicy)"
NEXT_PAGES = f"{INVALID} (next pages)"
WARM = "DescribeEffectivePolicy (merged before)"
BEFORE = {
    "AttachPolicy": "0.9 ms at 100, 16.9 ms at 3,000",
    AFTER_ATTACH: "10.8 s at 1,000",
    AFTER_UPDATE: "10.8 s at 1,000",
    NEXT_PAGES: "10.8 s at 1,000",
}
SCALE_FREE = ("AttachPolicy", "ListAccountsForParent", WARM, NEXT_PAGES)


def _ms_per_call(calls: list[Callable[[], object]]) -> float:
    start = time.perf_counter()
    for call in calls:
        call()
    return (time.perf_counter() - start) * 1000 / max(1, len(calls))


def _best(calls: list[Callable[[], object]], between: Callable[[], object] = list) -> float:
    """The lowest ms per call over ``ROUNDS`` rounds, ``between`` run (untimed) after each."""
    found = []
    for _ in range(ROUNDS):
        found.append(_ms_per_call(calls))
        between()
    return min(found)


def _largest_ou(client: Any, org: EmulatedOrg) -> str:
    pages = client.get_paginator("list_children")
    counts = {
        ou: sum(len(page["Children"]) for page in pages.paginate(ParentId=ou, ChildType="ACCOUNT"))
        for ou in org.ous.values()
    }
    return max(counts, key=lambda ou: counts[ou])


def _pages(client: Any, operation: str, **params: Any) -> list[Callable[[], object]]:
    """One call per page of ``operation``, each replaying the token the previous page gave."""
    tokens: list[str | None] = [None]
    while True:
        extra = {"NextToken": tokens[-1]} if tokens[-1] else {}
        token = getattr(client, operation)(**params, **extra).get("NextToken")
        if not token:
            break
        tokens.append(token)

    def page(token: str | None) -> Callable[[], object]:
        extra = {"NextToken": token} if token else {}
        return lambda: getattr(client, operation)(**params, **extra)

    return [page(token) for token in tokens]


def _measure(accounts: int) -> list[dict[str, Any]]:
    from moto import mock_aws

    with mock_aws():
        client = boto3.client("organizations", region_name="us-east-1")
        started = time.perf_counter()
        org = build(client, accounts)
        built_s = time.perf_counter() - started
        rng = random.Random(accounts)
        members = rng.sample(sorted(org.accounts.values()), SAMPLE)
        policy = org.policies["account-legal-hold"]
        listed = client.get_paginator("list_targets_for_policy").paginate(PolicyId=policy)
        attached = {t["TargetId"] for page in listed for t in page["Targets"]}
        targets = [m for m in members if m not in attached][:20]
        describe: list[Callable[[], object]] = [
            partial(client.describe_effective_policy, PolicyType=BACKUP, TargetId=m)
            for m in members
        ]
        found = {"DescribeEffectivePolicy (first of its chain)": _ms_per_call(describe)}
        found[WARM] = _best(describe)
        found["AttachPolicy"] = _best(
            [partial(client.attach_policy, PolicyId=policy, TargetId=t) for t in targets],
            between=lambda: [client.detach_policy(PolicyId=policy, TargetId=t) for t in targets],
        )
        ou = _largest_ou(client, org)
        found["ListAccountsForParent"] = _best(
            _pages(client, "list_accounts_for_parent", ParentId=ou, MaxResults=PAGE)
        )
        invalid = _pages(client, "list_accounts_with_invalid_effective_policy", PolicyType=BACKUP)
        client.attach_policy(PolicyId=policy, TargetId=targets[0])
        found[AFTER_ATTACH] = _ms_per_call(invalid[:1])
        client.detach_policy(PolicyId=policy, TargetId=targets[0])
        invalid[0]()
        baseline = org.policies["org-baseline"]
        content = client.describe_policy(PolicyId=baseline)["Policy"]["Content"]
        client.update_policy(PolicyId=baseline, Content=content + " ")
        found[AFTER_UPDATE] = _ms_per_call(invalid[:1])
        found[NEXT_PAGES] = _best(invalid[1:] or invalid)
    rows = [{"accounts": accounts, "operation": "build (boto3)", "ms/call": built_s * 1000}]
    rows += [
        {"accounts": accounts, "operation": name, "ms/call": ms, "before": BEFORE.get(name, "")}
        for name, ms in found.items()
    ]
    for row in rows:
        row.setdefault("before", "")
    return rows


def _failures(rows: list[dict[str, Any]]) -> list[str]:
    sizes = sorted({row["accounts"] for row in rows})
    at = {(row["accounts"], row["operation"]): row["ms/call"] for row in rows}
    small, large = sizes[0], sizes[-1]
    found = []
    for name in SCALE_FREE:
        ms, base = at[(large, name)], at[(small, name)]
        if ms > MAX_CALL_MS or (large > small and ms > MAX_GROWTH * base):
            found.append(f"{name} at {large}: {ms:.2f} ms/call (at {small}: {base:.2f})")
    for name in (AFTER_ATTACH, AFTER_UPDATE):
        seconds = at[(large, name)] / 1000
        if seconds > MAX_RECOMPUTE_S:
            found.append(f"{name} at {large}: {seconds:.1f} s > {MAX_RECOMPUTE_S} s")
    return found


def main(argv: list[str] | None = None) -> int:
    rows, args = measure_sizes(__doc__.splitlines()[0], DEFAULT_SIZES, _measure, argv)
    return finish(rows, args.json, _failures(rows))


if __name__ == "__main__":
    raise SystemExit(main())
