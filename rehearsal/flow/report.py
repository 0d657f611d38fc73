"""Write the rehearsal's record as JSON (for machines) and Markdown (for people) in out/."""

from __future__ import annotations

import json
from pathlib import Path

from rehearsal.flow.console import format_table
from rehearsal.flow.record import Record


def to_markdown(record: Record) -> str:
    """The record as a Markdown document: a verdict, then each step with tables and checks."""
    verdict = "passed" if record.ok else "FAILED"
    checks = [check for step in record.steps for check in step.checks]
    total = (
        f"{sum(step.ok for step in record.steps)}/{len(record.steps)} steps ok, "
        f"{sum(check.ok for check in checks)}/{len(checks)} checks passed"
    )
    lines = [f"# Local rehearsal: {verdict}", "", total, ""]
    for step in record.steps:
        mark = "ok" if step.ok else "FAILED"
        lines += [f"## {step.number}. {step.title} ({mark}, {step.seconds:.1f} s)", ""]
        lines += [f"- {note}" for note in step.notes]
        if step.error:
            lines.append(f"- **error**: `{step.error}`")
        for drawing in step.drawings:
            lines += ["", "```", *drawing, "```"]
        for title, rows in step.tables:
            lines += ["", f"**{title}**", "", "```", *format_table(rows), "```"]
        if step.checks:
            lines.append("")
        for check in step.checks:
            box = "x" if check.ok else " "
            lines.append(f"- [{box}] {check.what}")
            if not check.ok:
                lines.append(f"  - expected `{check.expected!r}`, found `{check.actual!r}`")
        lines.append("")
    return "\n".join(lines)


def write_reports(record: Record, out: Path) -> tuple[Path, Path]:
    """Write ``rehearsal.json`` and ``rehearsal.md`` into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, markdown_path = out / "rehearsal.json", out / "rehearsal.md"
    json_path.write_text(json.dumps(record.to_dict(), indent=2, default=str) + "\n")
    markdown_path.write_text(to_markdown(record))
    return json_path, markdown_path
