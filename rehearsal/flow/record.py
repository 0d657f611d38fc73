"""What the rehearsal saw: numbered steps, their tables and checks, kept for the reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation: what was expected, what was found, and whether they agree."""

    what: str
    expected: Any
    actual: Any

    @property
    def ok(self) -> bool:
        return bool(self.expected == self.actual)


@dataclass
class Step:
    """One numbered step of the rehearsal."""

    number: int
    title: str
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    tables: list[tuple[str, list[Row]]] = field(default_factory=list)
    drawings: list[list[str]] = field(default_factory=list)  # preformatted, e.g. the org tree
    checks: list[Check] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and all(check.ok for check in self.checks)


@dataclass
class Record:
    """Every step in order; the rehearsal passes when every step does."""

    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    @property
    def failed_checks(self) -> list[tuple[Step, Check]]:
        return [(step, check) for step in self.steps for check in step.checks if not check.ok]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "steps": [
                {
                    "number": step.number,
                    "title": step.title,
                    "ok": step.ok,
                    "seconds": round(step.seconds, 3),
                    "notes": step.notes,
                    "error": step.error,
                    "tables": [{"title": title, "rows": rows} for title, rows in step.tables],
                    "drawings": step.drawings,
                    "checks": [
                        {
                            "what": check.what,
                            "ok": check.ok,
                            "expected": check.expected,
                            "actual": check.actual,
                        }
                        for check in step.checks
                    ],
                }
                for step in self.steps
            ],
        }
