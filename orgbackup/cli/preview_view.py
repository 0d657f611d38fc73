"""How ``preview`` shows its result to people: an org tree with each account's plans, the
ignored operations as a table, a summary line; streamed line by line (JSON is in
``preview_json``, the roll-up and only-problems views in ``preview_rollup``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from orgbackup.cli.display import Style, iter_tree, table
from orgbackup.cli.orgtree import Node
from orgbackup.cli.placement import Placement
from orgbackup.cli.preview_model import AccountPreview, Preview

__all__ = [
    "PolicyIssue",
    "ignored_lines",
    "incomplete_plans",
    "issue_lines",
    "label_for",
    "plan_line",
    "preview_text",
    "strict_failures",
    "summary_line",
]

# (policy name, policy file, issue as Issue.to_dict())
PolicyIssue = tuple[str, str, dict[str, str]]
_MARKS = {"complete": ("✓", "green"), "incomplete": ("✗", "yellow"), "absent": ("·", "dim")}


def strict_failures(result: Preview) -> int:
    """How many incomplete plans and ignored operations there are (what ``--strict`` fails on)."""
    per_chain: dict[int, int] = {}
    incomplete = 0
    for account in result.accounts:
        effective = account.effective
        count = per_chain.get(id(effective))
        if count is None:
            count = per_chain[id(effective)] = incomplete_plans(account)
        incomplete += count
    return incomplete + len(result.ignored)


def incomplete_plans(account: AccountPreview) -> int:
    """How many of the account's plans are incomplete (an absent plan is not)."""
    return sum(not plan.complete for plan in account.effective.plans.values())


def issue_lines(issues: Sequence[PolicyIssue], style: Style) -> list[str]:
    """The policy issues block that opens every text view (nothing when there is none)."""
    if not issues:
        return []
    rows = [
        [f"{name} ({file})", i["path"], style(i["code"], "red"), i["message"]]
        for name, file, i in issues
    ]
    return [style(f"Policy issues ({len(issues)})", "bold"), *table(rows, indent="  "), ""]


def ignored_lines(result: Preview, style: Style) -> list[str]:
    """The ignored operations table, after a blank line (nothing when there is none)."""
    if not result.ignored:
        return []
    head = ["attached to", "policy", "setting", "operator", "why", "accounts"]
    rows = [head] + [
        [o.node.path, o.policy, o.json_path, o.operator, o.reason, str(len(o.accounts))]
        for o in result.ignored
    ]
    return [
        "",
        style(f"Ignored operations ({len(result.ignored)})", "bold"),
        *table(rows, indent="  "),
    ]


def label_for(placement: Placement, style: Style) -> Callable[[Node], str]:
    """How the tree labels a node: bold for the root and OUs, attached policies in brackets."""

    def label(node: Node) -> str:
        names = [a.name for a in placement.get(node.key, [])]
        attached = style(f"  [{', '.join(names)}]", "cyan") if names else ""
        return (style(node.label, "bold") if node.kind != "account" else node.label) + attached

    return label


def preview_text(
    root: Node, placement: Placement, result: Preview, issues: Sequence[PolicyIssue], style: Style
) -> Iterator[str]:
    """The report a person reads, line by line: issues, the tree, ignored operations, a summary.

    The plan lines of accounts that share a chain of policies are built once.
    """
    yield from issue_lines(issues, style)
    by_id = {a.account.key: a for a in result.accounts}
    width = max((len(p) for p in result.plans), default=0)
    per_chain: dict[int, list[str]] = {}

    def details(node: Node) -> list[str]:
        account = by_id.get(node.key)
        if account is None:
            return []
        if not result.plans:
            return [style("no backup plan applies", "dim")]
        lines = per_chain.get(id(account.effective))
        if lines is None:
            lines = [plan_line(account, plan, width, style) for plan in result.plans]
            per_chain[id(account.effective)] = lines
        return lines

    yield from iter_tree(root, label_for(placement, style), details)
    yield from ignored_lines(result, style)
    yield ""
    yield summary_line(result, len(issues))


def plan_line(account: AccountPreview, plan: str, width: int, style: Style) -> str:
    """``✓ Daily-35  complete``, ``✗ Weekly-14  incomplete: missing selections`` or ``· absent``."""
    status = account.status(plan)
    mark, colour = _MARKS[status]
    text = f"{mark} {plan.ljust(width)}  {status}"
    if status == "incomplete":
        text += ": missing " + ", ".join(account.missing(plan))
    return style(text, colour)


def summary_line(result: Preview, issues: int) -> str:
    """The closing line of every text view: accounts by plan state, ignored operations, issues."""
    complete = incomplete = without = 0
    for account in result.accounts:
        plans = account.effective.plans
        if not plans:
            without += 1
        elif incomplete_plans(account):
            incomplete += 1
        else:
            complete += 1
    return (
        f"{len(result.accounts)} account(s): {complete} with every plan complete, {incomplete}"
        f" with an incomplete plan, {without} with no plan; {len(result.ignored)} ignored"
        f" operation(s); {issues} policy issue(s)"
    )
