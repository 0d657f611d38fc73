"""A throwaway copy of the repository (templates, pipeline, policies, functions) to deploy from."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from orgbackup.deploy.config import DeploymentConfig, load_config
from orgbackup.package import write_zip

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = ROOT / "deploy" / "config.example.yaml"
Packager = Callable[[], Path]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The parts of the repository a deployment reads, copied so a test may edit them."""
    copy = tmp_path / "repo"
    for folder in ("templates", "pipeline", "policies", "functions", "deploy"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "docs").mkdir()
    (copy / "docs" / "deployment.md").write_text("# Deploying\n")
    return copy


@pytest.fixture
def package(repo: Path) -> Packager:
    """Package every function of ``repo`` the way ``orgbackup.package`` does, minus the pip step.

    Dependencies are left out (installing them needs the package index and is covered by
    tests/test_package.py); the zip bytes and names come from the same ``write_zip``.
    """

    def build() -> Path:
        dist = repo / "dist"
        shutil.rmtree(dist, ignore_errors=True)
        dist.mkdir()
        manifest = {}
        for requirements in sorted((repo / "functions").glob("*/requirements.txt")):
            source = requirements.parent
            entries = [
                (f"{source.name}/{path.relative_to(source).as_posix()}", path)
                for path in source.rglob("*.py")
            ]
            unnamed = dist / "unnamed.zip"
            write_zip(entries, unnamed)
            data = unnamed.read_bytes()
            unnamed.unlink()
            digest = hashlib.sha256(data).hexdigest()
            name = f"{source.name}-{digest}.zip"
            (dist / name).write_bytes(data)
            manifest[source.name] = {
                "function": source.name,
                "path": name,
                "sha256": digest,
                "size": len(data),
                "files": len(entries),
            }
        (dist / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        return dist

    return build


@pytest.fixture
def config() -> DeploymentConfig:
    return load_config(EXAMPLE_CONFIG)
