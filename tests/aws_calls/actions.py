"""What IAM authorizes for one recorded call: the action(s), the resource ARN(s), the context.

The action comes from the Service Authorization Reference (``tests/templates/sar.py``: the
action whose documentation links the API operation), under the IAM prefix of botocore's
service model (signing name, endpoint prefix, then the service's own name). The resource is
each ARN the request carries; otherwise the action's SAR ARN formats filled from the request's
names and ids, with ``*`` for what the request does not say (the Organizations id of a policy,
the management account); actions without a resource type are authorized on ``"*"``.
Exceptions to the SAR, each with its AWS page, are ``_ACTION_RULES`` and ``_ID_TYPES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import botocore.session

from tests.aws_calls.recorder import Call
from tests.templates import sar

__all__ = ["Request", "UnmappedCallError", "iam_prefix", "requests"]


class UnmappedCallError(LookupError):
    """Raised when the SAR names no single IAM action for a recorded operation."""


@dataclass(frozen=True, slots=True)
class Request:
    """One authorization of a call: ``action`` on one of ``resources`` (alternatives when the
    request names no resource of its own), with the condition keys the request carries.

    ``context`` maps lower-case condition keys to their values; ``None`` means the request
    does not carry the key. Keys not in the map are not evaluated.
    """

    call: Call
    action: str
    resources: tuple[str, ...]
    context: Mapping[str, tuple[str, ...] | None] = field(default_factory=dict)

    @property
    def resource(self) -> str:
        return " or ".join(self.resources)


def _get_object(params: Mapping[str, Any]) -> list[str]:
    # Reading a given version takes s3:GetObjectVersion, the current one s3:GetObject.
    # https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Permissions)
    return ["s3:GetObjectVersion" if params.get("VersionId") else "s3:GetObject"]


# (IAM prefix, operation) -> the actions, where the SAR links one operation to several.
_ACTION_RULES: dict[tuple[str, str], Callable[[Mapping[str, Any]], list[str]]] = {
    ("s3", "GetObject"): _get_object,
}

# Ids that name a resource without an ARN: (IAM prefix, id pattern) -> the resource part of
# the SAR ARN format the id goes into (as its last variable).
# EC2: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html
# EFS: https://docs.aws.amazon.com/efs/latest/ug/API_TagResource.html (ResourceId)
# Organizations: https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
# (PolicyId p-, TargetId r-/ou-/account id)
_ID_TYPES: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "ec2": (
        (re.compile(r"^i-[0-9a-f]+$"), "instance/"),
        (re.compile(r"^vol-[0-9a-f]+$"), "volume/"),
    ),
    "elasticfilesystem": (
        (re.compile(r"^fs-[0-9a-f]+$"), "file-system/"),
        (re.compile(r"^fsap-[0-9a-f]+$"), "access-point/"),
    ),
    "organizations": (
        (re.compile(r"^p-[0-9a-z_]+$"), "policy/"),
        (re.compile(r"^ou-[0-9a-z]+-[0-9a-z]+$"), "ou/"),
        (re.compile(r"^r-[0-9a-z]+$"), "root/"),
        (re.compile(r"^[0-9]{12}$"), "account/"),
    ),
}
# Request parameters that fill a SAR ARN variable of another name.
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
_PARAMETER_VARIABLES = {("s3", "Bucket"): "BucketName", ("s3", "Key"): "ObjectName"}
# Organizations resources belong to the management account, which no request names.
_ACCOUNT_UNKNOWN = frozenset({"organizations"})
_VARIABLE = re.compile(r"\$\{([^}]+)\}")


@cache
def _service_model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


def iam_prefix(service: str, operation: str) -> str:
    """The IAM prefix (``elasticfilesystem`` for boto3's ``efs``) that knows ``operation``."""
    model = _service_model(service)
    candidates = [
        model.signing_name,
        model.endpoint_prefix,
        service,
        model.service_id.replace(" ", "").lower(),
    ]
    for prefix in candidates:
        try:
            if sar.operation_action(prefix, operation):
                return str(prefix)
        except sar.UnknownServiceError:
            continue
    raise UnmappedCallError(f"no IAM service prefix knows {service}.{operation}")


def _actions(prefix: str, call: Call) -> list[str]:
    rule = _ACTION_RULES.get((prefix, call.operation))
    if rule:
        return rule(call.params)
    found = sar.operation_action(prefix, call.operation)
    if len(found) != 1:
        raise UnmappedCallError(
            f"the SAR links {prefix} {call.operation} to {found or 'no action'}; "
            "add a rule with its AWS page to tests/aws_calls/actions.py"
        )
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                yield item


def _fill(arn_format: str, call: Call, prefix: str, values: Mapping[str, str]) -> str:
    """``arn_format`` with the call's partition, Region and account and ``values``; ``*``
    for each variable nothing fills. A value repeating the literal before it (``p-`` of
    ``p-${PolicyId}``) is not doubled."""
    account = "*" if prefix in _ACCOUNT_UNKNOWN else call.account
    known = {"Partition": "aws", "Region": call.region, "Account": account, **values}
    out, end = [], 0
    for match in _VARIABLE.finditer(arn_format):
        literal = arn_format[end : match.start()]
        value = known.get(match.group(1), "*")
        lead = literal.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
        if lead and value.startswith(lead):
            literal = literal[: len(literal) - len(lead)]
        out += [literal, value]
        end = match.end()
    return "".join(out) + arn_format[end:]


def _last_variable(arn_format: str) -> str:
    return str(_VARIABLE.findall(arn_format)[-1])


def _resource_part(arn_format: str) -> str:
    return arn_format.split(":", 5)[5]


def _from_ids(action: sar.Action, call: Call, prefix: str) -> list[str]:
    found = []
    for value in (v for param in call.params.values() for v in _strings(param)):
        for pattern, part in _ID_TYPES.get(prefix, ()):
            if not pattern.match(value):
                continue
            for arn_format in action.arn_formats:
                if _resource_part(arn_format).startswith(part):
                    filled = {_last_variable(arn_format): value}
                    found.append(_fill(arn_format, call, prefix, filled))
    return found


def _from_names(action: sar.Action, call: Call, prefix: str) -> list[str]:
    values = {
        _PARAMETER_VARIABLES.get((prefix, name), name): value
        for name, value in call.params.items()
        if isinstance(value, str)
    }
    found = []
    for arn_format in action.arn_formats:
        variables = set(_VARIABLE.findall(arn_format)) - {"Partition", "Region", "Account"}
        if variables and variables <= set(values):
            found.append(_fill(arn_format, call, prefix, values))
    return found


def _resources(action: sar.Action, call: Call, prefix: str) -> list[tuple[str, ...]]:
    """Each resource the call must be allowed on, as alternatives (usually one)."""
    if not action.arn_formats:
        return [("*",)]
    # Only ARNs of the action's own service name its resource: lambda:AddPermission's
    # SourceArn (an EventBridge rule) is a condition, not the function it changes.
    services = {f.split(":")[2] for f in action.arn_formats}
    arns = [
        v
        for param in call.params.values()
        for v in _strings(param)
        if v.startswith("arn:") and v.split(":")[2:3] and v.split(":")[2] in services
    ]
    named = arns or _from_ids(action, call, prefix) or _from_names(action, call, prefix)
    if named:
        return [(arn,) for arn in dict.fromkeys(named)]
    # Nothing in the request names the resource: any resource type of the action will do.
    return [tuple(_fill(f, call, prefix, {}) for f in action.arn_formats)]


def _resource_account(resource: str, call: Call) -> str | None:
    if resource == "*":
        return None
    account = resource.split(":")[4] if resource.count(":") >= 5 else ""
    if account == "*":
        return None
    # An S3 bucket ARN names no account; the tests' buckets are the caller's own.
    return account or call.account


def _context(call: Call, prefix: str, resource: str) -> dict[str, tuple[str, ...] | None]:
    """The condition keys the request carries that this module knows how to fill."""
    context: dict[str, tuple[str, ...] | None] = {
        "aws:requestedregion": (call.region,),
        "aws:principalaccount": (call.account,),
        "aws:securetransport": ("true",),  # botocore calls HTTPS endpoints
        "aws:viaawsservice": ("false",),
        # Only set when a service creates the resource and tags it in the same request.
        # https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html
        "ec2:createaction": None,
        "elasticfilesystem:createaction": None,
        # Set only on requests a service makes to KMS on the caller's behalf.
        "kms:viaservice": None,
    }
    account = _resource_account(resource, call)
    if account:
        context["aws:resourceaccount"] = (account,)
        context["s3:resourceaccount"] = (account,)
    if prefix == "cloudwatch" and "Namespace" in call.params:
        context["cloudwatch:namespace"] = (str(call.params["Namespace"]),)
    if prefix == "organizations":
        for name in ("Type", "Filter", "PolicyType"):
            if isinstance(call.params.get(name), str):
                context["organizations:policytype"] = (str(call.params[name]),)
    return context


def requests(call: Call) -> list[Request]:
    """Every authorization IAM makes for ``call``.

    Raises
    ------
    UnmappedCallError
        If the SAR names no action, or several without a rule here to choose.
    """
    prefix = iam_prefix(call.service, call.operation)
    found = []
    for name in _actions(prefix, call):
        action = sar.action(name)
        if action is None:
            raise UnmappedCallError(f"{name} is not in the SAR data")
        for alternatives in _resources(action, call, prefix):
            context = _context(call, prefix, alternatives[0])
            found.append(Request(call, action.name, alternatives, context))
    return found
