"""The inventory: accounts -> Regions -> resources (ARN, AWS Backup type, tags), with each
Region's resource-type opt-in and, optionally, each account's effective policy. Read from a
file (format in docs/coverage.md) or built by ``aws_inventory``; ``to_json`` writes the file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backup_org_policy_manager.policy.checks.regions import AWS_REGIONS
from orgbackup.cli.errors import InputFileError
from orgbackup.cli.fields import Field, load
from orgbackup.coverage.model import Resource
from orgbackup.coverage.resource_types import RESOURCE_TYPES, type_of_arn

__all__ = ["AccountInventory", "Inventory", "RegionInventory", "load_inventory", "to_json"]

_ACCOUNT_KEYS = ("id", "name", "ou", "effective_policy", "regions")
_REGION_KEYS = ("name", "resource_type_opt_in", "resources")
_RESOURCE_KEYS = ("arn", "type", "tags")


@dataclass(frozen=True, slots=True)
class RegionInventory:
    """One Region of an account; ``opt_in`` ``None`` when the Region's settings are unknown."""

    name: str
    resources: tuple[Resource, ...]
    opt_in: Mapping[str, bool] | None = None


@dataclass(frozen=True, slots=True)
class AccountInventory:
    """One account. ``policy_known`` says whether ``effective_policy`` was given (``None``
    then means no backup policy applies); ``ou`` is the account's OU path, e.g.
    ``Root/Workloads/Prod``."""

    id: str
    regions: tuple[RegionInventory, ...]
    name: str = ""
    ou: str = ""
    effective_policy: Mapping[str, object] | None = field(default=None, hash=False)
    policy_known: bool = False


@dataclass(frozen=True, slots=True)
class Inventory:
    """Every account of the inventory, in file order."""

    accounts: tuple[AccountInventory, ...]


def load_inventory(path: Path) -> Inventory:
    """The inventory in ``path`` (YAML or JSON).

    Raises
    ------
    InputFileError
        A field is missing or malformed; the message names the file and the field.
    """
    top = _load(path).mapping(("accounts",))
    if "accounts" not in top:
        Field(str(path), "", None).fail("needs an 'accounts' list")
    return Inventory(tuple(_account(a) for a in top["accounts"].items()))


def _load(path: Path) -> Field:
    """JSON through ``json`` (several times faster than YAML for a large inventory)."""
    if path.suffix.lower() != ".json":
        return load(path)
    try:
        return Field(str(path), "", json.loads(path.read_text(encoding="utf-8")))
    except OSError as error:
        raise InputFileError(str(path), "", f"cannot read: {error.strerror or error}") from None
    except ValueError as error:
        raise InputFileError(str(path), "", f"not valid JSON: {error}") from None


def _account(field: Field) -> AccountInventory:
    fields = field.mapping(_ACCOUNT_KEYS)
    if "id" not in fields:
        field.fail("an account needs 'id'")
    account_id = fields["id"].string()
    if not (len(account_id) == 12 and account_id.isdigit()):
        fields["id"].fail(f"{account_id!r} is not a 12-digit account id")
    policy = fields.get("effective_policy")
    if policy is not None and policy.value is not None and not isinstance(policy.value, dict):
        policy.fail("must be the effective policy document (a mapping) or null")
    regions = fields["regions"].items() if "regions" in fields else []
    return AccountInventory(
        id=account_id,
        regions=tuple(_region(r, account_id) for r in regions),
        name=fields["name"].string() if "name" in fields else "",
        ou=fields["ou"].string() if "ou" in fields else "",
        effective_policy=policy.value if policy is not None else None,  # type: ignore[arg-type]
        policy_known=policy is not None,
    )


def _region(field: Field, account_id: str) -> RegionInventory:
    fields = field.mapping(_REGION_KEYS)
    if "name" not in fields:
        field.fail("a Region needs 'name'")
    region = fields["name"].string()
    if region not in AWS_REGIONS:
        fields["name"].fail(f"{region!r} is not an AWS Region")
    opt_in = None
    if "resource_type_opt_in" in fields:
        opt_field = fields["resource_type_opt_in"]
        raw = opt_field.value
        if not isinstance(raw, dict) or not all(isinstance(v, bool) for v in raw.values()):
            opt_field.fail("must map resource types to true or false")
        opt_in = {str(k): bool(v) for k, v in raw.items()}
    resources = fields["resources"].items() if "resources" in fields else []
    return RegionInventory(
        region, tuple(_resource(r, account_id, region) for r in resources), opt_in
    )


def _resource(field: Field, account_id: str, region: str) -> Resource:
    fields = field.mapping(_RESOURCE_KEYS)
    if "arn" not in fields:
        field.fail("a resource needs 'arn'")
    arn = fields["arn"].string()
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        fields["arn"].fail(f"{arn!r} is not an ARN")
    # S3 bucket ARNs carry neither Region nor account; every other one must be where it is listed.
    if parts[3] not in ("", region) or parts[4] not in ("", account_id):
        fields["arn"].fail(f"{arn} is not in account {account_id}, Region {region}")
    rtype = fields["type"].string() if "type" in fields else type_of_arn(arn)
    if rtype is None:
        field.fail(f"cannot tell the AWS Backup resource type of {arn}: give 'type'")
    if rtype not in RESOURCE_TYPES:
        fields["type"].fail(f"{rtype!r} is not an AWS Backup resource type")
    tags = fields["tags"].value if "tags" in fields else {}
    if not isinstance(tags, dict) or not all(isinstance(v, str) for v in tags.values()):
        fields["tags"].fail('must map tag keys to string values (quote numbers: "7")')
    return Resource(arn, rtype, {str(k): str(v) for k, v in tags.items()})


def to_json(inventory: Inventory) -> dict[str, Any]:
    """The inventory as the file format (for ``--save-inventory``)."""
    return {
        "accounts": [
            {
                "id": account.id,
                **({"name": account.name} if account.name else {}),
                **({"ou": account.ou} if account.ou else {}),
                **({"effective_policy": account.effective_policy} if account.policy_known else {}),
                "regions": [
                    {
                        "name": region.name,
                        **(
                            {"resource_type_opt_in": dict(region.opt_in)}
                            if region.opt_in is not None
                            else {}
                        ),
                        "resources": [
                            {"arn": r.arn, "type": r.resource_type, "tags": dict(r.tags)}
                            for r in region.resources
                        ],
                    }
                    for region in account.regions
                ],
            }
            for account in inventory.accounts
        ]
    }
