"""Rebuild the expected issue lists of the bad policy documents.

Run from the repository root, then review the diff:

    .venv/bin/python tests/policies/update_snapshots.py

Each ``bad/<name>.json`` gets ``bad/<name>.expected.json``: the issues ``validate`` reports for
the file's text, as ``{"code", "path", "message"}`` objects. Good documents have no snapshot;
they must have no issues at all.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FUNCTIONS = HERE.parents[1] / "functions"
if str(FUNCTIONS) not in sys.path:
    sys.path.insert(0, str(FUNCTIONS))

from backup_org_policy_manager.policy import validate  # noqa: E402

SUFFIX = ".expected.json"


def documents(kind: str) -> list[Path]:
    """The policy documents under ``good`` or ``bad``, snapshots excluded, sorted by name."""
    return sorted(p for p in (HERE / kind).glob("*.json") if not p.name.endswith(SUFFIX))


def snapshot_path(document: Path) -> Path:
    """Where the expected issues of ``document`` are kept."""
    return document.with_name(document.name.removesuffix(".json") + SUFFIX)


def snapshot(document: Path) -> str:
    """The expected-issues JSON of ``document``, as written to its snapshot file."""
    issues = [issue.to_dict() for issue in validate(document.read_text(encoding="utf-8"))]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Write every snapshot; print the ones that changed."""
    for document in documents("bad"):
        target, text = snapshot_path(document), snapshot(document)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"updated {target.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
