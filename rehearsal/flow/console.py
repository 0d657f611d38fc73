"""Print the rehearsal for a person: numbered steps with timing, aligned tables, verdicts."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from rehearsal.flow.record import Check, Record, Row, Step


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "-"
    return "-" if value is None or value == "" else str(value)


def format_table(rows: Sequence[Row]) -> list[str]:
    """Rows as aligned text lines, columns in the order of the first row."""
    if not rows:
        return ["(none)"]
    columns = list(rows[0])
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return lines


class StepError(Exception):
    """Raised after a step failed with an error: later steps depend on it, so the run stops."""


class Console:
    """Writes steps as they run and keeps them in a ``Record``."""

    def __init__(self, total_steps: int, stream: TextIO = sys.stdout) -> None:
        self.total = total_steps
        self.stream = stream
        self.record = Record()
        self._colour = stream.isatty()

    def _paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self._colour else text

    def _write(self, text: str = "") -> None:
        print(text, file=self.stream, flush=True)

    @contextmanager
    def step(self, title: str) -> Iterator[Step]:
        """Run a step: print its header, time it, and print its verdict (errors are kept)."""
        step = Step(len(self.record.steps) + 1, title)
        self.record.steps.append(step)
        self._write()
        self._write(self._paint(f"[{step.number}/{self.total}] {title}", "1"))
        start = time.perf_counter()
        try:
            yield step
        except Exception as error:  # reported as the step's error; the run stops after it
            step.error = f"{type(error).__name__}: {error}"
        step.seconds = time.perf_counter() - start
        if step.error:
            self._write(self._paint(f"    ERROR {step.error}", "31"))
        verdict = self._paint("ok", "32") if step.ok else self._paint("FAILED", "31")
        self._write(f"    {verdict} ({step.seconds:.1f} s)")
        if step.error:
            raise StepError(step.error)

    def note(self, step: Step, text: str) -> None:
        step.notes.append(text)
        self._write(f"    {text}")

    def table(self, step: Step, title: str, rows: list[Row]) -> None:
        step.tables.append((title, rows))
        self._write(f"    {title}")
        for line in format_table(rows):
            self._write(f"      {line}")

    def lines(self, lines: Sequence[str], step: Step | None = None) -> None:
        """Print preformatted lines; with ``step``, keep them for the reports too."""
        if step is not None:
            step.drawings.append(list(lines))
        for line in lines:
            self._write(f"      {line}")

    def check(self, step: Step, what: str, expected: Any, actual: Any) -> bool:
        check = Check(what, expected, actual)
        step.checks.append(check)
        mark = self._paint("✓", "32") if check.ok else self._paint("✗", "31")
        self._write(f"    {mark} {what}")
        if not check.ok:
            self._write(f"        expected: {expected!r}")
            self._write(f"        actual:   {actual!r}")
        return check.ok

    def summary(self) -> None:
        record = self.record
        passed = sum(step.ok for step in record.steps)
        checks = [check for step in record.steps for check in step.checks]
        self._write()
        self._write(
            f"{passed}/{len(record.steps)} steps ok, "
            f"{sum(c.ok for c in checks)}/{len(checks)} checks passed"
        )
        for step, check in record.failed_checks:
            self._write(self._paint(f"  MISMATCH in step {step.number}: {check.what}", "31"))
        for step in record.steps:
            if step.error:
                self._write(self._paint(f"  ERROR in step {step.number}: {step.error}", "31"))


__all__ = ["Check", "Console", "StepError", "format_table"]
