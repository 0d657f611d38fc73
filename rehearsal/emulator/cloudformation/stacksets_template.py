"""A StackSet's template: read from TemplateBody or from the emulator's S3 by TemplateURL (the URL
forms S3 serves), and the capabilities it requires.

Sources: TemplateURL (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html),
S3 virtual-hosted and path-style URLs (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html),
capabilities (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html#using-iam-capabilities).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlparse

from moto.cloudformation.exceptions import CloudFormationError, ValidationError
from moto.cloudformation.models import Stack
from moto.s3.exceptions import S3ClientError
from moto.s3.models import s3_backends

__all__ = [
    "InsufficientCapabilitiesException",
    "check_capabilities",
    "parse",
    "read_template",
    "required_capabilities",
]

# <bucket>.s3.amazonaws.com, <bucket>.s3.<region>.amazonaws.com, <bucket>.s3-<region>...
_VIRTUAL_HOSTED = re.compile(r"^(?P<bucket>[a-z0-9.-]+)\.s3([.-][a-z0-9-]+)?\.amazonaws\.com$")
# s3.amazonaws.com/<bucket>/<key>, s3.<region>.amazonaws.com/..., s3-<region>.amazonaws.com/...
_PATH_STYLE = re.compile(r"^s3([.-][a-z0-9-]+)?\.amazonaws\.com$")
_NAMED_IAM = {
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
}
_BAD_URL = "TemplateURL must be a supported URL."
_NO_OBJECT = "TemplateURL must reference a valid S3 object to which you have access."


class InsufficientCapabilitiesException(CloudFormationError):
    """The template needs a capability the request did not acknowledge."""

    code = "InsufficientCapabilitiesException"


def read_template(account_id: str, body: str | None, url: str | None) -> str:
    """The template text from exactly one of ``body`` and ``url``.

    Raises
    ------
    ValidationError
        Both or neither given, a URL that is not an S3 https URL, or an object that is missing.
    """
    if (body is None) == (url is None):
        raise ValidationError(
            message="Exactly one of TemplateBody or TemplateURL must be specified"
        )
    if body is not None:
        return body
    assert url is not None
    parsed = urlparse(url)
    if parsed.scheme != "https":
        raise ValidationError(message=_BAD_URL)
    hosted = _VIRTUAL_HOSTED.match(parsed.netloc)
    path = unquote(parsed.path.lstrip("/"))
    if hosted:
        bucket, key = hosted["bucket"], path
    elif _PATH_STYLE.match(parsed.netloc) and "/" in path:
        bucket, key = path.split("/", 1)
    else:
        raise ValidationError(message=_BAD_URL)
    try:
        found = s3_backends[account_id]["aws"].get_object(bucket, key)
    except S3ClientError:
        raise ValidationError(message=_NO_OBJECT) from None
    if found is None:
        raise ValidationError(message=_NO_OBJECT)
    return bytes(found.value).decode("utf-8")


def parse(template: str) -> dict[str, Any]:
    """The template as a dict (JSON or YAML with short-form intrinsics).

    Raises
    ------
    ValidationError
        Not a mapping with a Resources section.
    """
    parsed = Stack.parse_template(template)
    if not isinstance(parsed, dict) or not isinstance(parsed.get("Resources"), dict):
        raise ValidationError(
            message="Template format error: At least one Resources member must be defined."
        )
    return parsed


def required_capabilities(template: Mapping[str, Any]) -> list[str]:
    """The capabilities ``template`` needs: NAMED_IAM for named IAM resources, IAM for other
    IAM resources, AUTO_EXPAND for transforms.
    """
    needed: set[str] = set()
    resources: Mapping[str, Any] = template.get("Resources", {})
    for resource in resources.values():
        kind = str(resource.get("Type", ""))
        if not kind.startswith("AWS::IAM::"):
            continue
        name_property = _NAMED_IAM.get(kind)
        named = name_property is not None and name_property in resource.get("Properties", {})
        needed.add("CAPABILITY_NAMED_IAM" if named else "CAPABILITY_IAM")
    if template.get("Transform"):
        needed.add("CAPABILITY_AUTO_EXPAND")
    return sorted(needed)


def check_capabilities(template: Mapping[str, Any], acknowledged: Iterable[str]) -> None:
    """Refuse a template whose capabilities were not acknowledged, as CreateStackSet does.

    Raises
    ------
    InsufficientCapabilitiesException
        ``Requires capabilities : [CAPABILITY_NAMED_IAM]`` and the like.
    """
    given = set(acknowledged)
    missing = []
    for capability in required_capabilities(template):
        # CAPABILITY_NAMED_IAM also acknowledges unnamed IAM resources.
        if capability == "CAPABILITY_IAM" and "CAPABILITY_NAMED_IAM" in given:
            continue
        if capability not in given:
            missing.append(capability)
    if missing:
        raise InsufficientCapabilitiesException(f"Requires capabilities : [{', '.join(missing)}]")
