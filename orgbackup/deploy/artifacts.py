"""Content-addressed deploy artifacts: Lambda zips, backup policy documents, StackSet bodies.

A key carries the sha256 of the bytes it names (``lambda/<function>-<sha256>.zip``,
``policies/<name>-<sha256>.json``), so the same code gives the same key and the stacks that
reference it see no change; only a real change of code or policy yields a new key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from orgbackup.deploy.errors import DeployError

__all__ = [
    "Artifact",
    "lambda_artifacts",
    "minified_policy",
    "policy_artifacts",
    "template_artifacts",
]

ArtifactKind = Literal["lambda", "policy", "template"]


@dataclass(frozen=True, slots=True)
class Artifact:
    """One object to upload to every regional artifact bucket."""

    kind: ArtifactKind
    name: str
    key: str
    sha256: str
    body: bytes


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def lambda_artifacts(dist: Path) -> list[Artifact]:
    """The zips ``make package`` listed in ``dist/manifest.json``, each checked against its hash.

    Raises
    ------
    DeployError
        The manifest is missing or names a zip that is absent or whose bytes do not match.
    """
    manifest_path = dist / "manifest.json"
    if not manifest_path.is_file():
        raise DeployError(f"{manifest_path} not found: run `make package` first")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    artifacts = []
    for function, entry in sorted(manifest.items()):
        path = dist / entry["path"]
        if not path.is_file():
            raise DeployError(
                f"{manifest_path}: {function} names {entry['path']}, which is missing"
            )
        body = path.read_bytes()
        if _sha256(body) != entry["sha256"]:
            raise DeployError(f"{path}: bytes do not match the sha256 in {manifest_path}")
        artifacts.append(Artifact("lambda", function, f"lambda/{path.name}", entry["sha256"], body))
    return artifacts


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"duplicate key(s) {', '.join(duplicates)}")
    return dict(pairs)


def minified_policy(path: Path) -> bytes:
    """The policy file as compact JSON: whitespace and layout edits do not change its hash.

    Raises
    ------
    DeployError
        The file is not a JSON object or repeats a key.
    """
    try:
        document = json.loads(
            path.read_text(encoding="utf-8"), object_pairs_hook=_refuse_duplicates
        )
    except ValueError as error:
        raise DeployError(f"{path}: not a valid policy document: {error}") from error
    if not isinstance(document, dict):
        raise DeployError(f"{path}: a backup policy must be a JSON object")
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def policy_artifacts(policies: Path) -> list[Artifact]:
    """Every ``*.json`` under ``policies`` (not recursive), minified and content-addressed."""
    artifacts = []
    for path in sorted(policies.glob("*.json")):
        body = minified_policy(path)
        digest = _sha256(body)
        key = f"policies/{path.stem}-{digest}.json"
        artifacts.append(Artifact("policy", path.stem, key, digest, body))
    return artifacts


def template_artifacts(templates: list[Path]) -> list[Artifact]:
    """StackSet bodies (``templates/<name>-<sha256>.yaml``), which StackSets read from S3."""
    artifacts = []
    for path in templates:
        if not path.is_file():
            raise DeployError(f"{path} not found: the StackSets need it")
        body = path.read_bytes()
        digest = _sha256(body)
        key = f"templates/{path.stem}-{digest}{path.suffix}"
        artifacts.append(Artifact("template", path.stem, key, digest, body))
    return artifacts
