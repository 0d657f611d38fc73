"""A slow, independent reference for ``backup-policy preview``'s output: every account's chain
merged from scratch with the engine's public ``effective_policy`` (``$account`` replaced there),
the tree drawn as one list, and the JSON encoded as one ``json.dumps``. The CLI must print
exactly these bytes; only the way it computes them may differ."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from backup_org_policy_manager.policy import EffectivePolicy, effective_policy, format_path
from orgbackup.cli.display import table
from orgbackup.cli.orgtree import Node, walk
from orgbackup.cli.placement import Placement

PolicyIssue = tuple[str, str, dict[str, str]]
Account = tuple[tuple[Node, ...], tuple[tuple[str, ...], ...], EffectivePolicy]
_MARKS = {"complete": "✓", "incomplete": "✗", "absent": "·"}


def _accounts(root: Node, placement: Placement) -> list[Account]:
    found = []
    for chain in walk(root):
        if chain[-1].kind != "account":
            continue
        attached = [placement.get(node.key, []) for node in chain]
        merged = effective_policy(
            [[a.content for a in level] for level in attached], account_id=chain[-1].id
        )
        found.append((chain, tuple(tuple(a.name for a in level) for level in attached), merged))
    return found


def _status(merged: EffectivePolicy, plan: str) -> str:
    found = merged.plans.get(plan)
    return "absent" if found is None else "complete" if found.complete else "incomplete"


def _missing(merged: EffectivePolicy, plan: str) -> list[str]:
    found = merged.plans.get(plan)
    prefix = format_path(("plans", plan))
    return [m.removeprefix(prefix).lstrip(".") for m in (found.missing if found else ())]


def _ignored(accounts: list[Account]) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, ...], dict[str, Any]] = {}
    for chain, names, merged in accounts:
        for op in merged.ignored:
            node = chain[op.level]
            key = (node.key, names[op.level][op.policy], op.json_path, op.operator, op.reason)
            entry = grouped.setdefault(
                key,
                {
                    "node": node.path,
                    "node_id": node.id,
                    "policy": key[1],
                    "path": op.json_path,
                    "operator": op.operator,
                    "reason": op.reason,
                    "accounts": [],
                },
            )
            entry["accounts"].append(str(chain[-1].id))
    return list(grouped.values())


def _plans(accounts: list[Account]) -> list[str]:
    return sorted({plan for _, _, merged in accounts for plan in merged.plans})


def reference_json(root: Node, placement: Placement, issues: Sequence[PolicyIssue]) -> str:
    """What ``preview --json`` prints."""
    accounts = _accounts(root, placement)
    plans = _plans(accounts)
    whole = {
        "plans": plans,
        "accounts": [
            {
                "id": chain[-1].id,
                "name": chain[-1].name,
                "path": chain[-1].path,
                "attached": [
                    {"node": node.path, "policies": list(level)}
                    for node, level in zip(chain, names, strict=True)
                    if level
                ],
                "plans": {
                    plan: {"status": _status(merged, plan), "missing": _missing(merged, plan)}
                    for plan in plans
                },
                "effective": merged.document,
            }
            for chain, names, merged in accounts
        ],
        "ignored": _ignored(accounts),
        "issues": [{"policy": name, "file": file, **i} for name, file, i in issues],
    }
    return json.dumps(whole, indent=2, ensure_ascii=False) + "\n"


def _tree(node: Node, prefix: str, label: Any, details: Any) -> list[str]:
    lines: list[str] = []
    for index, child in enumerate(node.children):
        last = index == len(node.children) - 1
        lines.append(f"{prefix}{'└── ' if last else '├── '}{label(child)}")
        below = prefix + ("    " if last else "│   ")
        gutter = below + ("│   " if child.children else "  ")
        lines += [f"{gutter}{d}".rstrip() for d in details(child)]
        lines += _tree(child, below, label, details)
    return lines


def reference_text(root: Node, placement: Placement, issues: Sequence[PolicyIssue]) -> str:
    """What ``preview`` prints to a pipe (no colour)."""
    accounts = _accounts(root, placement)
    plans = _plans(accounts)
    by_key = {chain[-1].key: merged for chain, _, merged in accounts}
    width = max((len(p) for p in plans), default=0)
    lines: list[str] = []
    if issues:
        rows = [[f"{n} ({f})", i["path"], i["code"], i["message"]] for n, f, i in issues]
        lines += [f"Policy issues ({len(issues)})", *table(rows, indent="  "), ""]

    def label(node: Node) -> str:
        names = [a.name for a in placement.get(node.key, [])]
        return node.label + (f"  [{', '.join(names)}]" if names else "")

    def details(node: Node) -> list[str]:
        merged = by_key.get(node.key)
        if merged is None:
            return []
        if not plans:
            return ["no backup plan applies"]
        found = []
        for plan in plans:
            status = _status(merged, plan)
            text = f"{_MARKS[status]} {plan.ljust(width)}  {status}"
            if status == "incomplete":
                text += ": missing " + ", ".join(_missing(merged, plan))
            found.append(text)
        return found

    lines += [label(root), *(f"      {d}" for d in details(root))]
    lines += _tree(root, "", label, details)
    ignored = _ignored(accounts)
    if ignored:
        head = ["attached to", "policy", "setting", "operator", "why", "accounts"]
        rows = [head] + [
            [o["node"], o["policy"], o["path"], o["operator"], o["reason"], str(len(o["accounts"]))]
            for o in ignored
        ]
        lines += ["", f"Ignored operations ({len(ignored)})", *table(rows, indent="  ")]
    merged_all = [merged for _, _, merged in accounts]
    complete = sum(bool(m.plans) and all(p.complete for p in m.plans.values()) for m in merged_all)
    incomplete = sum(any(not p.complete for p in m.plans.values()) for m in merged_all)
    without = sum(not m.plans for m in merged_all)
    lines += [
        "",
        f"{len(accounts)} account(s): {complete} with every plan complete, {incomplete} with an"
        f" incomplete plan, {without} with no plan; {len(ignored)} ignored operation(s);"
        f" {len(issues)} policy issue(s)",
    ]
    return "".join(f"{line}\n" for line in lines)
