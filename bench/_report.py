"""Shared output for benchmarks: an aligned table on stdout, rows as JSON, budget verdicts."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

Row = Mapping[str, Any]


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the ``--json PATH`` option every benchmark takes."""
    result = argparse.ArgumentParser(description=description)
    result.add_argument("--json", type=Path, help="write the rows to this JSON file")
    return result


def _cell(value: Any) -> str:
    return f"{value:,.4g}" if isinstance(value, float) else str(value)


def print_table(rows: Sequence[Row]) -> None:
    """Print ``rows`` as an aligned table, columns in the order of the first row."""
    columns = list(rows[0])
    cells = [[_cell(row[column]) for column in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))


def finish(rows: Sequence[Row], json_path: Path | None, failures: Sequence[str]) -> int:
    """Print the table and budget verdicts, write JSON; return the process exit code."""
    print_table(rows)
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(list(rows), indent=2) + "\n")
    for failure in failures:
        print(f"BUDGET MISSED: {failure}")
    print("all budgets met" if not failures else f"{len(failures)} budget(s) missed")
    return 1 if failures else 0
