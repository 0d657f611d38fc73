"""The short views of ``preview`` for large organizations: ``--summary`` rolls accounts up per
OU, ``--only-problems`` shows only the accounts that need attention and why."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from orgbackup.cli.display import Style, iter_tree, table
from orgbackup.cli.orgtree import Node
from orgbackup.cli.placement import Placement
from orgbackup.cli.preview_model import AccountPreview, Preview
from orgbackup.cli.preview_view import (
    PolicyIssue,
    ignored_lines,
    incomplete_plans,
    issue_lines,
    label_for,
    plan_line,
    summary_line,
)

__all__ = ["Problems", "only_problems_text", "summary_text"]


@dataclass(frozen=True, slots=True)
class Problems:
    """What makes an account need attention: an incomplete plan, an operation the merge
    ignored on its path, or a policy with validation issues attached on its path."""

    invalid: frozenset[str]

    @classmethod
    def of(cls, issues: Sequence[PolicyIssue]) -> Problems:
        """Problems judged against the names of the policies that have issues."""
        return cls(frozenset(name for name, _, _ in issues))

    def invalid_on_path(self, account: AccountPreview) -> list[str]:
        """The invalid policies attached on the account's path, root first."""
        return [name for level in account.levels for name in level if name in self.invalid]

    def any(self, account: AccountPreview) -> bool:
        """Whether the account has at least one problem."""
        return bool(
            incomplete_plans(account)
            or account.effective.ignored
            or (self.invalid and self.invalid_on_path(account))
        )


def summary_text(
    root: Node, result: Preview, issues: Sequence[PolicyIssue], style: Style
) -> Iterator[str]:
    """Issues, then one row per root and OU (tree order, indented by depth) counting the
    accounts below it, their plans by state and the accounts with a problem; then the
    ignored operations and the summary line."""
    totals = _rollup(result, Problems.of(issues))
    rows = [
        [_indented(chain), *map(str, totals.get(id(chain[-1]), [0] * len(_COLUMNS)))]
        for chain in _containers(root)
    ]
    yield from issue_lines(issues, style)
    yield from table(_right_aligned([["OU", *_COLUMNS], *rows]))
    yield from ignored_lines(result, style)
    yield ""
    yield summary_line(result, len(issues))


_COLUMNS = ("accounts", "complete", "incomplete", "absent", "problems")


def _rollup(result: Preview, problems: Problems) -> dict[int, list[int]]:
    """Per root/OU (by ``id``), the ``_COLUMNS`` counts summed over the accounts below it."""
    totals: dict[int, list[int]] = {}
    for account in result.accounts:
        present = len(account.effective.plans)
        incomplete = incomplete_plans(account)
        counts = (
            1,
            present - incomplete,
            incomplete,
            len(result.plans) - present,
            int(problems.any(account)),
        )
        for node in account.chain[:-1]:
            row = totals.setdefault(id(node), [0] * len(counts))
            for column, value in enumerate(counts):
                row[column] += value
    return totals


def _right_aligned(rows: list[list[str]]) -> list[list[str]]:
    """Every column but the first right-aligned (``table`` pads on the right)."""
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    return [[row[0], *(cell.rjust(widths[c]) for c, cell in enumerate(row) if c)] for row in rows]


def _containers(root: Node) -> Iterator[tuple[Node, ...]]:
    stack: list[tuple[Node, ...]] = [(root,)]
    while stack:
        chain = stack.pop()
        yield chain
        stack.extend((*chain, c) for c in reversed(chain[-1].children) if c.kind != "account")


def _indented(chain: tuple[Node, ...]) -> str:
    return "  " * (len(chain) - 1) + chain[-1].label


def only_problems_text(
    root: Node, placement: Placement, result: Preview, issues: Sequence[PolicyIssue], style: Style
) -> Iterator[str]:
    """Issues, then the tree cut down to the accounts with a problem (and the OUs above them),
    each with its incomplete plans, the ignored operations on its path and the invalid
    policies on its path; then the ignored operations, a count and the summary line."""
    problems = Problems.of(issues)
    flagged = {a.account.key: a for a in result.accounts if problems.any(a)}
    yield from issue_lines(issues, style)
    width = max((len(p) for p in result.plans), default=0)

    def details(node: Node) -> list[str]:
        account = flagged.get(node.key)
        if account is None:
            return []
        lines = [
            plan_line(account, plan, width, style)
            for plan in result.plans
            if account.status(plan) == "incomplete"
        ]
        for op in account.effective.ignored:
            where = account.chain[op.level].path
            policy = account.levels[op.level][op.policy]
            lines.append(
                style(f"! ignored {op.operator} at {op.json_path} ({policy} on {where})", "red")
            )
        lines += [
            style(f"! invalid policy on its path: {name}", "red")
            for name in problems.invalid_on_path(account)
        ]
        return lines

    pruned = _pruned(root, set(flagged))
    if pruned is None:
        yield "No account has an incomplete plan, an ignored operation or an invalid policy."
    else:
        yield from iter_tree(pruned, label_for(placement, style), details)
    yield from ignored_lines(result, style)
    yield ""
    yield f"{len(flagged)} of {len(result.accounts)} account(s) shown"
    yield summary_line(result, len(issues))


def _pruned(node: Node, keep: set[str]) -> Node | None:
    """``node`` with only the branches that lead to an account in ``keep``."""
    if node.kind == "account":
        return node if node.key in keep else None
    children = tuple(c for c in (_pruned(child, keep) for child in node.children) if c is not None)
    if not children:
        return None
    return replace(node, children=children)
