"""docs/policy-checks.md lists every issue code the engine can report, and no other."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
ENGINE = ROOT / "functions" / "backup_org_policy_manager" / "policy"
DOC = ROOT / "docs" / "policy-checks.md"


def test_every_code_is_documented_once() -> None:
    emitted = {
        code
        for source in ENGINE.rglob("*.py")
        for code in re.findall(r'"(P\d{3})"', source.read_text(encoding="utf-8"))
    }
    rows = re.findall(r"^\| (P\d{3}) \|", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(rows) == len(set(rows))
    assert set(rows) == emitted
    assert rows == sorted(rows)
