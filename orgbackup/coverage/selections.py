"""Does one selection of an effective plan pick a resource, and did it name the type?

Forms (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html,
"Backup syntax: selections"): ``tags.<name>`` picks resources whose tag ``tag_key`` has one of
the ``tag_value`` values (OR over the list); ``resources.<name>`` picks resources whose ARN fits
one of ``resource_types`` (OR) and none of ``not_resource_types``. In either form, every
``conditions`` entry must also hold (AND)
(https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html: "those
in Resources combined using a Boolean OR and those in Conditions combined with a Boolean AND";
resource types are filtered first, then tags). Tag keys and values compare case-sensitively
(https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html: "Condition
operators are case sensitive").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from orgbackup.coverage.matching import arn_matches, conditions_hold
from orgbackup.coverage.model import Resource

__all__ = ["SelectionMatch", "matching_selections"]


@dataclass(frozen=True, slots=True)
class SelectionMatch:
    """A selection that picks the resource; ``explicit`` when a ``resource_types`` pattern
    naming the resource's service picked it (then the Region's opt-in does not apply)."""

    name: str
    explicit: bool


def matching_selections(
    selections: object, resource: Resource, account_id: str
) -> Iterator[SelectionMatch]:
    """Every selection of a plan's ``selections`` that picks ``resource``."""
    forms = selections if isinstance(selections, Mapping) else {}
    for name, selection in _named(forms.get("tags")):
        if _tag_matches(selection, resource):
            yield SelectionMatch(f"tags.{name}", explicit=False)
    for name, selection in _named(forms.get("resources")):
        explicit = _resource_match(selection, resource, account_id)
        if explicit is not None:
            yield SelectionMatch(f"resources.{name}", explicit=explicit)


def _named(entries: object) -> Iterator[tuple[str, Mapping[str, object]]]:
    for name, selection in entries.items() if isinstance(entries, Mapping) else []:
        if isinstance(selection, Mapping):
            yield str(name), selection


def _strings(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [] if value is None else [str(value)]


def _tag_matches(selection: Mapping[str, object], resource: Resource) -> bool:
    key = selection.get("tag_key")
    actual = resource.tags.get(str(key)) if key is not None else None
    if actual is None or actual not in _strings(selection.get("tag_value")):
        return False
    return conditions_hold(selection.get("conditions"), resource.tags)


def _resource_match(
    selection: Mapping[str, object], resource: Resource, account_id: str
) -> bool | None:
    """``None`` when the selection does not pick the resource, else whether it was explicit."""
    patterns = [
        p.replace("$account", account_id) for p in _strings(selection.get("resource_types"))
    ]
    hits = [p for p in patterns if arn_matches(resource.arn, p)]
    if not hits:
        return None
    excluded = _strings(selection.get("not_resource_types"))
    if any(arn_matches(resource.arn, p.replace("$account", account_id)) for p in excluded):
        return None
    if not conditions_hold(selection.get("conditions"), resource.tags):
        return None
    return any(_names_resource_type(p) for p in hits)


def _names_resource_type(pattern: str) -> bool:
    """Whether ``pattern`` names a resource type (``arn:aws:ec2:::instance/*``), which AWS backs
    up whatever the opt-in says; a service alone (``arn:aws:ec2:*``, ``arn:aws:ec2:*:*:*``)
    follows the opt-in. https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html
    ("Filter by services or resource types")."""
    parts = pattern.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn" or "*" in parts[2]:
        return False
    if parts[2] in _TYPELESS_SERVICES:  # arn:aws:s3:::* names S3's one type, the bucket
        return bool(parts[5])
    head = re.split(r"[/:]", parts[5], maxsplit=1)[0]
    return bool(head) and "*" not in head and "?" not in head


# Services whose ARNs carry no resource-type segment (a bucket ARN is arn:aws:s3:::name).
_TYPELESS_SERVICES = frozenset({"s3"})
