"""The requests a CloudFormation handler makes for one permission, with the context keys the
model knows: the keys ``self_lockout.requests`` gives every call, plus the ones a rendered
resource decides (template URL, role passed, service the role or connection goes to, tags)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rehearsal.emulator.iam_policy import ANY_RESOURCE, Request
from tests.templates import sar
from tests.templates.handler_needs import as_list, property_values

__all__ = ["PASSED_TO", "HandlerCall", "PassedTo", "handler_calls"]

# cloudformation:TemplateUrl and cloudformation:RoleArn are the TemplateURL and the role the
# request names ("Condition keys for AWS CloudFormation"):
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html
_CLOUDFORMATION_KEYS: dict[str, dict[str, str]] = {
    "AWS::CloudFormation::StackSet": {
        "cloudformation:TemplateUrl": "TemplateURL",
        "cloudformation:RoleArn": "AdministrationRoleARN",
    },
    "AWS::CloudFormation::Stack": {"cloudformation:TemplateUrl": "TemplateURL"},
}
_PASSED_TO_SERVICE = (
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
    "reference_policies_iam-condition-keys.html#ck_PassedToService"
)


@dataclass(frozen=True, slots=True)
class PassedTo:
    """The service a resource hands the role or connection at ``path`` to (``PassedToService``)."""

    resource_type: str
    action: str
    path: str
    service: str
    url: str


PASSED_TO: tuple[PassedTo, ...] = (
    PassedTo(
        "AWS::Lambda::Function",
        "iam:PassRole",
        "Role",
        "lambda.amazonaws.com",
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
    ),
    PassedTo(
        "AWS::CodeBuild::Project",
        "iam:PassRole",
        "ServiceRole",
        "codebuild.amazonaws.com",
        "https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html",
    ),
    PassedTo(
        "AWS::CodePipeline::Pipeline",
        "iam:PassRole",
        "RoleArn",
        "codepipeline.amazonaws.com",
        "https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html",
    ),
    PassedTo(
        "AWS::Events::Rule",
        "iam:PassRole",
        "Targets[].RoleArn",
        "events.amazonaws.com",
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html",
    ),
    PassedTo(
        "AWS::CloudFormation::StackSet",
        "iam:PassRole",
        "AdministrationRoleARN",
        "cloudformation.amazonaws.com",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html",
    ),
    *(
        PassedTo(
            "AWS::CodePipeline::Pipeline",
            f"{prefix}:PassConnection",
            "Stages[].Actions[].Configuration.ConnectionArn",
            "codepipeline.amazonaws.com",
            "https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html",
        )
        for prefix in ("codeconnections", "codestar-connections")
    ),
)


@dataclass(frozen=True, slots=True)
class HandlerCall:
    """One request of a handler, and which context keys the model knows to be absent.

    A key is known when the request carries it, when the model decided it is absent, or when
    the SAR says no request for the action carries it (another service's key, or one the
    action does not list).
    """

    request: Request
    absent: frozenset[str]
    tag_scopes: frozenset[str]
    action: sar.Action | None

    def knows(self, key: str) -> bool:
        lowered = key.lower()
        if self.request.value(key) is not None or lowered in self.absent:
            return True
        scope, slash, tag = lowered.partition("/")
        # CloudFormation adds its own aws:cloudformation:* tags, which the model does not hold.
        # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html
        if slash and f"{scope}/" in self.tag_scopes and not tag.startswith("aws:"):
            return True
        prefix = lowered.partition(":")[0]
        if self.action is None:
            return False
        if prefix not in ("aws", self.action.name.partition(":")[0].lower()):
            return True
        return not self.action.carries(key)


def _tags(properties: Mapping[str, Any]) -> dict[str, str] | None:
    """The resource's Tags (list of Key/Value or a map), or None when they are not plain."""
    tags = properties.get("Tags")
    if tags is None:
        return {}
    if isinstance(tags, Mapping):
        return {str(k): str(v) for k, v in tags.items()}
    found = {}
    for tag in as_list(tags):
        if not isinstance(tag, Mapping) or "Key" not in tag:
            return None
        found[str(tag["Key"])] = str(tag.get("Value", ""))
    return found


def _passed_to(
    resource_type: str, action: str, properties: Mapping[str, Any], target: str | None
) -> str | None:
    """The service the request passes the role or connection to, if the table decides it."""
    services: dict[str, set[str]] = {}
    for entry in PASSED_TO:
        if entry.resource_type == resource_type and entry.action.lower() == action.lower():
            for value in property_values(properties, entry.path):
                services.setdefault(str(value).lower(), set()).add(entry.service)
    if target is not None and target != ANY_RESOURCE:
        named = services.get(target.lower(), set())
        return next(iter(named)) if len(named) == 1 else None
    every = {s for found in services.values() for s in found}
    return next(iter(every)) if len(every) == 1 else None


def handler_calls(
    principal_arn: str,
    permission: str,
    targets: Sequence[str],
    resource_type: str,
    resource: Mapping[str, Any],
    own_arns: Sequence[str],
    region: str,
) -> list[HandlerCall]:
    """The requests of ``principal_arn`` for ``permission`` while it deploys ``resource``."""
    # Imported here: self_lockout.deployers imports handler_permissions, which imports this.
    from tests.templates.self_lockout.deployers import Principal
    from tests.templates.self_lockout.requests import org_id, requests_for

    try:
        action = sar.action(permission)
    except sar.UnknownServiceError:
        action = None
    properties = resource.get("Properties", {})
    tags = _tags(properties)
    principal = Principal("handler", principal_arn)
    calls = []
    for request in requests_for(principal, permission, targets, org_id()):
        context = dict(request.context)
        absent: set[str] = set()
        scopes: set[str] = set()
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
        context["aws:RequestedRegion"] = (region,)
        for key, path in _CLOUDFORMATION_KEYS.get(resource_type, {}).items():
            values = property_values(properties, path)
            if values:
                context[key] = tuple(str(v) for v in values)
            else:
                absent.add(key.lower())
        if action is not None and action.name.endswith((":PassRole", ":PassConnection")):
            service = _passed_to(resource_type, action.name, properties, request.resource)
            if service:
                context[f"{action.name.partition(':')[0]}:PassedToService"] = (service,)
        if tags is not None and action is not None:
            # The tags a create or tag request sends; the tags on the resource itself once it
            # exists (only for a request on the resource's own ARN).
            kinds = ["aws:RequestTag/"]
            if request.resource in own_arns:
                kinds.append("aws:ResourceTag/")
            for kind in kinds:
                if action.carries(f"{kind}x"):
                    scopes.add(kind.lower())
                    context.update({f"{kind}{k}": (v,) for k, v in tags.items()})
        calls.append(
            HandlerCall(
                replace(request, context=context), frozenset(absent), frozenset(scopes), action
            )
        )
    return calls
