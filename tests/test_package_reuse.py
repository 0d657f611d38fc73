"""`make package` keeps a zip whose inputs are unchanged: what counts as an input, and when a
recorded zip can no longer be trusted (no pip here: a fake function folder)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from orgbackup import package


@pytest.fixture
def functions_dir(tmp_path: Path) -> Path:
    source = tmp_path / "functions" / "demo"
    (source / "__pycache__").mkdir(parents=True)
    (source / "__init__.py").write_text("")
    (source / "app.py").write_text("def handler(event, context):\n    return event\n")
    (source / "requirements.txt").write_text("jmespath==1.1.0\n")
    (source / "__pycache__" / "app.cpython-311.pyc").write_bytes(b"cache")
    return tmp_path / "functions"


def _entry(dist: Path, data: bytes, inputs: str) -> dict[str, object]:
    digest = hashlib.sha256(data).hexdigest()
    (dist / f"demo-{digest}.zip").write_bytes(data)
    return {"function": "demo", "path": f"demo-{digest}.zip", "sha256": digest, "size": len(data),
            "files": 3, "inputs_sha256": inputs}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "changes_inputs"),
    [
        (lambda d: (d / "demo" / "app.py").write_text("def handler(e, c):\n    return 1\n"), True),
        (lambda d: (d / "demo" / "requirements.txt").write_text("jmespath==1.0.1\n"), True),
        (lambda d: (d / "demo" / "new_module.py").write_text("X = 1\n"), True),
        (lambda d: (d / "demo" / "app.py").rename(d / "demo" / "handler.py"), True),
        (lambda d: (d / "demo" / "__pycache__" / "app.cpython-311.pyc").write_bytes(b"x"), False),
    ],
    ids=["source edited", "pin changed", "file added", "file renamed", "bytecode cache only"],
)
def test_inputs_digest_follows_sources_and_pins_only(
    functions_dir: Path, change: Callable[[Path], object], changes_inputs: bool
) -> None:
    before = package.inputs_digest("demo", functions_dir)
    change(functions_dir)
    assert (package.inputs_digest("demo", functions_dir) != before) is changes_inputs


def test_a_recorded_zip_is_reused_only_when_inputs_and_bytes_match(
    functions_dir: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    inputs = package.inputs_digest("demo", functions_dir)
    entry = _entry(dist, b"zip bytes", inputs)
    kept = package.reusable(entry, dist, inputs)
    assert kept is not None
    assert (kept.sha256, kept.inputs_sha256) == (entry["sha256"], inputs)
    assert package.reusable(entry, dist, "other inputs") is None
    assert package.reusable({**entry, "inputs_sha256": None}, dist, inputs) is None  # old manifest
    assert package.reusable(None, dist, inputs) is None
    (dist / str(entry["path"])).write_bytes(b"tampered")
    assert package.reusable(entry, dist, inputs) is None
    (dist / str(entry["path"])).unlink()
    assert package.reusable(entry, dist, inputs) is None
