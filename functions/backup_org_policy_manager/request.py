"""``ResourceProperties`` -> ``PolicyRequest``: every property checked, no AWS calls."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backup_org_policy_manager.errors import InvalidPropertyError
from backup_org_policy_manager.properties import (
    optional_string,
    read_list,
    read_string_map,
    required_string,
)

__all__ = ["BACKUP_POLICY", "OWNER_TAG_KEYS", "Owner", "PolicyRequest", "S3Location"]

BACKUP_POLICY = "BACKUP_POLICY"
OWNER_STACK_TAG = "backup-org-policy-manager:stack-id"
OWNER_LOGICAL_TAG = "backup-org-policy-manager:logical-id"
OWNER_TAG_KEYS = frozenset({OWNER_STACK_TAG, OWNER_LOGICAL_TAG})

# Organizations id formats: https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
TARGET_ID = re.compile(r"r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12}")
ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}")
MAX_USER_TAGS = 50 - len(OWNER_TAG_KEYS)  # Organizations allows 50 tags per policy
KNOWN = frozenset(
    {
        "PolicyName", "PolicyDescription", "PolicyContent", "PolicyTargets",
        "PolicyRegions", "Variables", "PolicyType", "ManagementRoleArn", "Tags",
        "OrgManagementAccount",  # the original sample's; accepted so its users can move
        # CloudFormation's own: it passes both to the function with the resource's properties.
        # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
        "ServiceToken", "ServiceTimeout",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Owner:
    """Who owns a policy: the stack and the logical id of the resource that created it."""

    stack_id: str
    logical_id: str

    def tags(self) -> dict[str, str]:
        """The ownership tags every policy we create carries."""
        return {OWNER_STACK_TAG: self.stack_id, OWNER_LOGICAL_TAG: self.logical_id}

    def owns(self, tags: Mapping[str, str] | None) -> bool:
        """Whether ``tags`` (a policy's) carry exactly our ownership tags."""
        return tags is not None and all(tags.get(k) == v for k, v in self.tags().items())

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Owner:
        return cls(str(event["StackId"]), str(event["LogicalResourceId"]))


@dataclass(frozen=True, slots=True)
class S3Location:
    """Policy content kept in S3 (``{"S3": {"Bucket", "Key", "VersionId"?}}``)."""

    bucket: str
    key: str
    version_id: str | None = None


@dataclass(frozen=True, slots=True)
class PolicyRequest:
    """A checked Create/Update request; ``content`` is still unrendered (see ``content``)."""

    name: str
    content: Mapping[str, object] | str | S3Location
    targets: tuple[str, ...]
    owner: Owner
    description: str = ""
    regions: tuple[str, ...] | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    role_arn: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> PolicyRequest:
        """The request in a CloudFormation Create or Update event."""
        return cls.from_properties(event["ResourceProperties"], Owner.from_event(event))

    @classmethod
    def from_properties(cls, props: Mapping[str, object], owner: Owner) -> PolicyRequest:
        """Check every property; raise ``InvalidPropertyError`` naming the first bad one."""
        unknown = sorted(set(props) - KNOWN)
        if unknown:
            raise InvalidPropertyError(unknown[0], f"unknown property; expected {_expected()}")
        policy_type = optional_string(props, "PolicyType", max_length=64, default=BACKUP_POLICY)
        if policy_type != BACKUP_POLICY:
            raise InvalidPropertyError("PolicyType", f"only {BACKUP_POLICY} is supported")
        targets = read_list(_required(props, "PolicyTargets"), "PolicyTargets", pattern=TARGET_ID)
        if not targets:
            raise InvalidPropertyError("PolicyTargets", "names no target")
        regions = props.get("PolicyRegions")
        return cls(
            name=required_string(props, "PolicyName", max_length=128),
            description=optional_string(props, "PolicyDescription", max_length=512),
            content=_content(_required(props, "PolicyContent")),
            targets=targets,
            regions=None if regions is None else read_list(regions, "PolicyRegions"),
            variables=_optional_map(props, "Variables"),
            role_arn=role_arn(props),
            tags=_tags(props),
            owner=owner,
        )


def role_arn(props: Mapping[str, object]) -> str | None:
    """``ManagementRoleArn``, checked (also used on Delete, which needs nothing else)."""
    arn = optional_string(props, "ManagementRoleArn", max_length=2048) or None
    if arn is not None and not ROLE_ARN.fullmatch(arn):
        raise InvalidPropertyError("ManagementRoleArn", "must be an IAM role ARN")
    return arn


def _expected() -> str:
    return ", ".join(sorted(KNOWN - {"ServiceToken", "ServiceTimeout", "OrgManagementAccount"}))


def _required(props: Mapping[str, object], name: str) -> object:
    value = props.get(name)
    if value is None or value == "" or value == []:
        raise InvalidPropertyError(name, "is required")
    return value


def _optional_map(props: Mapping[str, object], name: str) -> dict[str, str]:
    value = props.get(name)
    return {} if value is None or value == "" else read_string_map(value, name)


def _content(value: object) -> Mapping[str, object] | str | S3Location:
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping):
        raise InvalidPropertyError("PolicyContent", 'must be an object, JSON text or {"S3": …}')
    if set(value) != {"S3"}:
        return value
    location = value["S3"]
    if not isinstance(location, Mapping) or not {"Bucket", "Key"} <= set(location) <= {
        "Bucket",
        "Key",
        "VersionId",
    }:
        raise InvalidPropertyError("PolicyContent.S3", "must be {Bucket, Key[, VersionId]}")
    bucket, key, version = location["Bucket"], location["Key"], location.get("VersionId")
    if not (isinstance(bucket, str) and bucket and isinstance(key, str) and key):
        raise InvalidPropertyError("PolicyContent.S3", "Bucket and Key must be non-empty strings")
    if version is not None and not isinstance(version, str):
        raise InvalidPropertyError("PolicyContent.S3.VersionId", "must be a string")
    return S3Location(bucket, key, version or None)


def _tags(props: Mapping[str, object]) -> dict[str, str]:
    value = props.get("Tags")
    tags = {} if value is None or value == "" else read_string_map(value, "Tags")
    for key, item in tags.items():
        if len(key) > 128 or key.lower().startswith("aws:") or key in OWNER_TAG_KEYS:
            raise InvalidPropertyError(f"Tags.{key[:64]}", "key is too long or reserved")
        if len(item) > 256:
            raise InvalidPropertyError(f"Tags.{key}", "value is over 256 characters")
    if len(tags) > MAX_USER_TAGS:
        raise InvalidPropertyError("Tags", f"{len(tags)} tags; at most {MAX_USER_TAGS}")
    return tags
