"""How ``preview`` shows its result: an org tree with each account's plans, the ignored
operations as a table, a summary line; or the same facts as JSON for machines."""

from __future__ import annotations

from collections.abc import Sequence

from local.cli.display import Style, table, tree
from local.cli.orgtree import Node
from local.cli.placement import Placement
from local.cli.preview_model import AccountPreview, Preview

__all__ = ["PolicyIssue", "preview_json", "preview_text", "strict_failures"]

# (policy name, policy file, issue as Issue.to_dict())
PolicyIssue = tuple[str, str, dict[str, str]]
_MARKS = {"complete": ("✓", "green"), "incomplete": ("✗", "yellow"), "absent": ("·", "dim")}


def strict_failures(result: Preview) -> int:
    """How many incomplete plans and ignored operations there are (what ``--strict`` fails on)."""
    incomplete = sum(a.status(p) == "incomplete" for a in result.accounts for p in result.plans)
    return incomplete + len(result.ignored)


def preview_text(
    root: Node, placement: Placement, result: Preview, issues: Sequence[PolicyIssue], style: Style
) -> list[str]:
    """The report a person reads: issues, the tree, ignored operations, a summary."""
    lines: list[str] = []
    if issues:
        lines += [style(f"Policy issues ({len(issues)})", "bold")]
        rows = [
            [f"{name} ({file})", i["path"], style(i["code"], "red"), i["message"]]
            for name, file, i in issues
        ]
        lines += [*table(rows, indent="  "), ""]
    by_id = {a.account.key: a for a in result.accounts}
    width = max((len(p) for p in result.plans), default=0)

    def label(node: Node) -> str:
        names = [a.name for a in placement.get(node.key, [])]
        attached = style(f"  [{', '.join(names)}]", "cyan") if names else ""
        return (style(node.label, "bold") if node.kind != "account" else node.label) + attached

    def details(node: Node) -> list[str]:
        account = by_id.get(node.key)
        if account is None:
            return []
        if not result.plans:
            return [style("no backup plan applies", "dim")]
        return [_plan_line(account, plan, width, style) for plan in result.plans]

    lines += tree(root, label, details)
    if result.ignored:
        lines += ["", style(f"Ignored operations ({len(result.ignored)})", "bold")]
        head = ["attached to", "policy", "setting", "operator", "why", "accounts"]
        rows = [head] + [
            [o.node.path, o.policy, o.json_path, o.operator, o.reason, str(len(o.accounts))]
            for o in result.ignored
        ]
        lines += table(rows, indent="  ")
    lines += ["", _summary(result, len(issues))]
    return lines


def _plan_line(account: AccountPreview, plan: str, width: int, style: Style) -> str:
    status = account.status(plan)
    mark, colour = _MARKS[status]
    text = f"{mark} {plan.ljust(width)}  {status}"
    if status == "incomplete":
        text += ": missing " + ", ".join(account.missing(plan))
    return style(text, colour)


def _summary(result: Preview, issues: int) -> str:
    total = len(result.accounts)
    complete = sum(
        bool(a.effective.plans) and all(p.complete for p in a.effective.plans.values())
        for a in result.accounts
    )
    incomplete = sum(
        any(not p.complete for p in a.effective.plans.values()) for a in result.accounts
    )
    without = sum(not a.effective.plans for a in result.accounts)
    return (
        f"{total} account(s): {complete} with every plan complete, {incomplete} with an"
        f" incomplete plan, {without} with no plan; {len(result.ignored)} ignored"
        f" operation(s); {issues} policy issue(s)"
    )


def preview_json(result: Preview, issues: Sequence[PolicyIssue]) -> dict[str, object]:
    """The same facts for machines (documented in docs/cli.md)."""
    return {
        "plans": list(result.plans),
        "accounts": [_account_json(a, result.plans) for a in result.accounts],
        "ignored": [
            {
                "node": o.node.path,
                "node_id": o.node.id,
                "policy": o.policy,
                "path": o.json_path,
                "operator": o.operator,
                "reason": o.reason,
                "accounts": list(o.accounts),
            }
            for o in result.ignored
        ],
        "issues": [{"policy": name, "file": file, **i} for name, file, i in issues],
    }


def _account_json(account: AccountPreview, plans: Sequence[str]) -> dict[str, object]:
    return {
        "id": account.account.id,
        "name": account.account.name,
        "path": account.account.path,
        "attached": [
            {"node": node.path, "policies": list(names)}
            for node, names in zip(account.chain, account.levels, strict=True)
            if names
        ],
        "plans": {
            plan: {"status": account.status(plan), "missing": account.missing(plan)}
            for plan in plans
        },
        "effective": account.effective.document,
    }
