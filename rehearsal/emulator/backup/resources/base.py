"""The contract between the backup models and one kind of protected resource.

A ``ResourceKind`` reads a live resource into a ``SourceSnapshot`` at backup time and
creates a new resource from that snapshot at restore time, in moto's backend for the service.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from moto.utilities.utils import get_partition

from rehearsal.emulator.backup.exceptions import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)

__all__ = [
    "GIB",
    "Arn",
    "ResourceKind",
    "RestoreFailed",
    "RestoreRequest",
    "Scope",
    "ServiceCopy",
    "SourceSnapshot",
    "not_found",
    "tags_from_list",
    "tags_to_list",
]

# Sizes in the services' APIs are GiB; recovery points report bytes.
GIB = 1024**3


class RestoreFailed(Exception):
    """The target service refused the restore; the job ends FAILED with this message."""


@dataclass(frozen=True, slots=True)
class Scope:
    """The account and Region whose backends a backup or restore works in."""

    account_id: str
    region: str

    @property
    def partition(self) -> str:
        return get_partition(self.region)


@dataclass(frozen=True, slots=True)
class Arn:
    """A parsed ARN; ``kind`` is the resource type segment ("volume", "db", "table", "")."""

    text: str
    service: str
    region: str
    account_id: str
    kind: str
    resource_id: str

    @classmethod
    def parse(cls, text: str) -> Arn:
        """Split ``text`` into its parts.

        Raises
        ------
        InvalidParameterValueException
            If ``text`` is not an ARN.
        """
        parts = text.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or not parts[2] or not parts[5]:
            raise InvalidParameterValueException(f"Invalid ARN: {text}")
        resource = parts[5]
        # Resource segments use either "type/id" (EC2, DynamoDB, EFS) or "type:id" (RDS);
        # an S3 bucket ARN has no type segment at all.
        cut = min((i for i in (resource.find("/"), resource.find(":")) if i >= 0), default=-1)
        kind, resource_id = (resource[:cut], resource[cut + 1 :]) if cut >= 0 else ("", resource)
        return cls(text, parts[2], parts[3], parts[4], kind, resource_id)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class SourceSnapshot:
    """What a recovery point keeps of its source: enough to restore it after deletion.

    ``restore_metadata`` is what ``GetRecoveryPointRestoreMetadata`` returns and the
    defaults for ``StartRestoreJob`` metadata; ``payload`` holds what AWS would keep in
    the backup itself (key schema, items, objects) and is never shown through the API.
    """

    arn: str
    resource_type: str
    name: str
    tags: Mapping[str, str]
    size_in_bytes: int
    restore_metadata: Mapping[str, str]
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RestoreRequest:
    """One restore: the snapshot, the caller's metadata over its defaults, tags to apply."""

    source: SourceSnapshot
    metadata: Mapping[str, str]
    tags: Mapping[str, str]
    scope: Scope
    job_id: str

    def value(self, key: str) -> str | None:
        """The caller's metadata value for ``key``, else the one recorded at backup time."""
        return self.metadata.get(key, self.source.restore_metadata.get(key))

    def flag(self, key: str, default: bool) -> bool:
        """A "true"/"false" metadata value (AWS sends booleans as strings)."""
        raw = self.value(key)
        if raw is None or raw == "":
            return default
        if raw.lower() not in ("true", "false"):
            raise InvalidParameterValueException(f"Metadata {key} must be true or false: {raw}")
        return raw.lower() == "true"

    def number(self, key: str) -> int | None:
        """An integer metadata value, or None when neither caller nor backup set one."""
        raw = self.value(key)
        if raw is None or raw == "":
            return None
        try:
            return int(raw)
        except ValueError:
            raise InvalidParameterValueException(
                f"Metadata {key} must be a number: {raw}"
            ) from None

    def generated_name(self, max_length: int = 63) -> str:
        """A name for the new resource when the caller gave none: source name + job id."""
        suffix = f"-restored-{self.job_id[:8]}"
        return f"{self.source.name[: max_length - len(suffix)]}{suffix}"


# (source, scope, backup job id, tags) -> the ARN of the service's own copy, made with the tags
# it can carry; None when AWS Backup keeps the recovery point itself after all (a setting).
ServiceCopy = Callable[[SourceSnapshot, Scope, str, Mapping[str, str]], str | None]


@dataclass(frozen=True, slots=True)
class ResourceKind:
    """How to back up and restore one kind of resource, keyed by its ARN service and kind.

    ``service_copy`` makes the recovery point of a type AWS Backup does not fully manage: the
    service's own snapshot or image (an EBS snapshot, an AMI, an RDS snapshot), whose ARN is
    the recovery point's. None: AWS Backup keeps the recovery point itself (``arn:aws:backup``).
    https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html
    """

    service: str
    kind: str
    resource_types: tuple[str, ...]
    snapshot: Callable[[Arn, Scope], SourceSnapshot]
    restore: Callable[[RestoreRequest], str]
    service_copy: ServiceCopy | None = None


def tags_from_list(tags: list[dict[str, str]] | None) -> dict[str, str]:
    """``[{"Key": k, "Value": v}]`` -> ``{k: v}``."""
    return {tag["Key"]: tag["Value"] for tag in tags or []}


def tags_to_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """``{k: v}`` -> ``[{"Key": k, "Value": v}]``."""
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def not_found(arn: Arn) -> ResourceNotFoundException:
    """The error for a source resource that does not exist (or no longer does)."""
    return ResourceNotFoundException(f"Resource not found: {arn}")
