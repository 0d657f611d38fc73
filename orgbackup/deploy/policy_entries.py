"""The policies a deployment deploys: one entry per policy file, each with its own targets.

Without ``policies:`` every ``policies/*.json`` is deployed, attached to
``organization.target_ous``. With it, every file in ``policies/`` must be listed exactly once,
so no policy file is uploaded and then silently left undeployed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orgbackup.deploy.errors import ConfigIssue

__all__ = ["MAX_POLICIES", "PolicyEntry", "logical_id", "policy_entries"]

POLICIES_FOLDER = "policies"
# The policy manager's role names each policy's polling rule (org_policies_template.py); with 40
# names of the longest length the role's inline policies stay within IAM's 10,240 characters.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
MAX_POLICIES = 40
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$")


def logical_id(name: str) -> str:
    """``long-retention`` -> ``LongRetentionPolicy``: the id ``org-policies.yaml`` has always used,
    so an upgrade updates the existing resources (their ownership tag names the logical id)."""
    words = [word for word in re.split(r"[^A-Za-z0-9]+", name) if word]
    return "".join(word[0].upper() + word[1:] for word in words) + "Policy"


@dataclass(frozen=True, slots=True)
class PolicyEntry:
    """One policy file to deploy, its name suffix and where it is attached.

    ``field`` is the entry's JSON path in the configuration (``$.policies[2]``), or
    ``$.policies`` for an entry implied by its absence.
    """

    file: str
    name: str
    targets: tuple[str, ...]
    field: str
    description: str | None = None

    @property
    def logical_id(self) -> str:
        return logical_id(self.name)


def _files(root: Path) -> list[str]:
    folder = root / POLICIES_FOLDER
    return sorted(f"{POLICIES_FOLDER}/{path.name}" for path in folder.glob("*.json"))


def _default_entries(
    root: Path, target_ous: Sequence[str]
) -> tuple[list[PolicyEntry], list[ConfigIssue]]:
    entries, issues = [], []
    if not _files(root):
        message = f"{POLICIES_FOLDER}/ holds no .json file: add the backup policies to deploy"
        issues.append(ConfigIssue("$.policies", message))
    for file in _files(root):
        stem = Path(file).stem
        if not _NAME.match(stem):
            message = (
                f"{file}: rename it to up to 48 letters, digits, hyphens and underscores, then "
                ".json (the name becomes the policy name), e.g. policies/daily.json"
            )
            issues.append(ConfigIssue("$.policies", message))
            continue
        entries.append(PolicyEntry(file, stem, tuple(target_ous), "$.policies"))
    return entries, issues


def _duplicates(entries: Sequence[PolicyEntry]) -> Iterator[ConfigIssue]:
    seen: dict[str, str] = {}
    for entry in entries:
        for key, what, where in (
            (f"file:{entry.file}", f"{entry.file} is", f"{entry.field}.file"),
            (f"id:{entry.logical_id}", f"policy name {entry.name} is", f"{entry.field}.name"),
        ):
            if key in seen:
                yield ConfigIssue(where, f"{what} already listed at {seen[key]}; list it once")
                break
            seen[key] = entry.field


def policy_entries(
    raw: Sequence[Mapping[str, Any]] | None, target_ous: Sequence[str], root: Path
) -> tuple[list[PolicyEntry], list[ConfigIssue]]:
    """The entries of a schema-valid ``policies:`` section (``None``: the default), and every
    issue: a listed file that is missing, a file in ``policies/`` no entry lists, a file or
    name (hence logical id) listed twice, more than ``MAX_POLICIES`` policies."""
    entries, issues = (
        _default_entries(root, target_ous) if raw is None else _listed(raw, target_ous, root)
    )
    if len(entries) > MAX_POLICIES:
        message = (
            f"{len(entries)} policies; one deployment deploys at most {MAX_POLICIES} (the policy "
            "manager's role names each one within IAM's inline policy size quota): merge some"
        )
        issues.append(ConfigIssue("$.policies", message))
    return entries, issues


def _listed(
    raw: Sequence[Mapping[str, Any]], target_ous: Sequence[str], root: Path
) -> tuple[list[PolicyEntry], list[ConfigIssue]]:
    present = _files(root)
    entries, issues = [], []
    for index, item in enumerate(raw):
        field = f"$.policies[{index}]"
        file = str(item["file"])
        if file not in present:
            known = ", ".join(present) or "none"
            issues.append(ConfigIssue(f"{field}.file", f"{file} does not exist (found: {known})"))
        name = str(item.get("name") or Path(file).stem)
        targets = tuple(item.get("targets") or target_ous)
        entries.append(PolicyEntry(file, name, targets, field, item.get("description")))
    issues += _duplicates(entries)
    listed = {entry.file for entry in entries}
    for file in present:
        if file not in listed:
            message = f"{file} is listed by no entry; add {{file: {file}}} or delete the file"
            issues.append(ConfigIssue("$.policies", message))
    return entries, issues
