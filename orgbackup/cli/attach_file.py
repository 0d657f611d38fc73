"""The ATTACH file: which named policies to deploy, from which file, with which variables and
Regions, attached to which nodes (format in docs/cli.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backup_org_policy_manager.policy import policy_metadata_issues
from orgbackup.cli.checked import variable_key
from orgbackup.cli.fields import Field, load

__all__ = ["PolicySpec", "load_attachments"]

_POLICY_KEYS = ("name", "description", "file", "variables", "regions", "targets")
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html


@dataclass(frozen=True, slots=True)
class PolicySpec:
    """One policy of an ATTACH file; ``file`` is resolved against the ATTACH file's folder.

    ``variables`` are keyed by the literal text they replace (``${Name}``); ``targets`` are
    paths (``Root/Workloads/Prod``) or ids, in file order, which is the attachment order.
    ``source`` and ``where`` locate the entry (``attach.yaml``, ``policies[2]``) for errors.
    """

    name: str
    description: str
    file: Path
    variables: dict[str, str]
    regions: tuple[str, ...] | None
    targets: tuple[str, ...]
    source: str
    where: str


def load_attachments(path: Path) -> list[PolicySpec]:
    """The policies in an ATTACH file, in file order.

    Raises
    ------
    InputFileError
        A field is missing or malformed, or two policies share a name.
    """
    top = load(path).mapping(("policies",))
    if "policies" not in top:
        Field(str(path), "", None).fail("needs a 'policies' list")
    specs: list[PolicySpec] = []
    for entry in top["policies"].items():
        spec = _spec(entry, path.parent)
        if any(spec.name == other.name for other in specs):
            entry.fail(f"another policy is also named {spec.name!r}")
        specs.append(spec)
    return specs


def _spec(entry: Field, folder: Path) -> PolicySpec:
    fields = entry.mapping(_POLICY_KEYS)
    for key in ("name", "file", "targets"):
        if key not in fields:
            entry.fail(f"a policy needs '{key}'")
    name = fields["name"].string()
    description = fields["description"].string() if "description" in fields else ""
    # Organizations' own limits on a policy's name and description (CreatePolicy).
    for issue in policy_metadata_issues(name, description):
        field = fields["name" if issue.path == ("PolicyName",) else "description"]
        field.fail(issue.message)
    targets = tuple(t.string() for t in fields["targets"].items())
    if not targets:
        fields["targets"].fail("must name at least one node (a path or an id)")
    return PolicySpec(
        name=name,
        description=description,
        file=folder / fields["file"].string(),
        variables=_variables(fields.get("variables")),
        regions=_regions(fields["regions"]) if "regions" in fields else None,
        targets=targets,
        source=entry.file,
        where=entry.where,
    )


def _variables(field: Field | None) -> dict[str, str]:
    if field is None or field.value is None:
        return {}
    if not isinstance(field.value, dict):
        field.fail("must be a mapping of variable name to value")
    values: dict[str, str] = {}
    for name, value in field.value.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            Field(field.file, f"{field.where}.{name}", value).fail("must be a string or number")
        values[variable_key(str(name))] = str(value)
    return values


def _regions(field: Field) -> tuple[str, ...]:
    if isinstance(field.value, str):
        names = [r.strip() for r in field.value.split(",")]
    else:
        names = [item.string() for item in field.items()]
    if not any(names):
        field.fail("names no Region")
    return tuple(r for r in names if r)
