"""The coverage report as text (aligned columns) or Markdown (tables): every resource with
what protects it or why nothing does, then the roll-ups per account and per OU."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from orgbackup.coverage.assess import Assessment, Rollup
from orgbackup.coverage.describe import REASON_ORDER, protected_by, why_unprotected

__all__ = ["markdown_report", "text_report"]

_ROLLUP_HEAD = ("resources", "protected", "unprotected", *REASON_ORDER)


def _resource_rows(assessment: Assessment) -> Iterator[tuple[str, ...]]:
    for c in assessment.results:
        head = (c.account_id, c.region, c.resource.resource_type, c.resource.arn)
        if c.protected:
            for line in protected_by(c):
                yield (*head, "protected", line)
                head = ("", "", "", "")
        else:
            yield (*head, "UNPROTECTED", why_unprotected(c))


def _rollup_rows(rollups: Sequence[Rollup], with_label: bool) -> Iterator[tuple[str, ...]]:
    for r in rollups:
        counts = (r.resources, r.protected, r.unprotected, *(r.reasons[k] for k in REASON_ORDER))
        label = (r.key, r.label) if with_label else (r.key,)
        yield (*label, *(str(n) for n in counts))


def _summary(assessment: Assessment) -> str:
    total = len(assessment.results)
    return (
        f"{total} resource(s) in {len(assessment.accounts)} account(s):"
        f" {total - assessment.unprotected} protected, {assessment.unprotected} unprotected"
    )


def text_report(assessment: Assessment, failures: Sequence[str] = ()) -> Iterator[str]:
    """Lines of the text report."""
    yield f"Resources ({len(assessment.results)})"
    yield from _aligned(
        ("account", "region", "type", "resource", "status", "detail"), _resource_rows(assessment)
    )
    yield ""
    yield "Per account"
    yield from _aligned(("account", "name", *_ROLLUP_HEAD), _rollup_rows(assessment.accounts, True))
    if assessment.ous:
        yield ""
        yield "Per OU"
        yield from _aligned(("ou", *_ROLLUP_HEAD), _rollup_rows(assessment.ous, False))
    yield from _failures(failures, "")
    yield ""
    yield _summary(assessment)


def markdown_report(assessment: Assessment, failures: Sequence[str] = ()) -> Iterator[str]:
    """Lines of the Markdown report (GitHub tables)."""
    yield "# Backup coverage"
    yield ""
    yield _summary(assessment)
    yield ""
    yield "## Resources"
    yield from _table(
        ("account", "region", "type", "resource", "status", "detail"), _resource_rows(assessment)
    )
    yield ""
    yield "## Per account"
    yield from _table(("account", "name", *_ROLLUP_HEAD), _rollup_rows(assessment.accounts, True))
    if assessment.ous:
        yield ""
        yield "## Per OU"
        yield from _table(("ou", *_ROLLUP_HEAD), _rollup_rows(assessment.ous, False))
    yield from _failures(failures, "## ")


def _failures(failures: Sequence[str], heading: str) -> Iterator[str]:
    if failures:
        yield ""
        yield f"{heading}Requirements not met ({len(failures)})"
        yield from (f"- {line}" if heading else f"  {line}" for line in failures)


def _aligned(head: tuple[str, ...], rows: Iterator[tuple[str, ...]]) -> Iterator[str]:
    table = [head, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(head) - 1)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        yield ("  " + "  ".join([*cells, row[-1]])).rstrip()


def _table(head: tuple[str, ...], rows: Iterator[tuple[str, ...]]) -> Iterator[str]:
    yield "| " + " | ".join(head) + " |"
    yield "|" + "---|" * len(head)
    for row in rows:
        yield "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
