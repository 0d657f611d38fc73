"""Do the roles CloudFormation deploys with grant what the resource handlers call?

For every CloudFormation deploy action of the pipeline (its ``RoleArn``, stack and template,
read from the rendered pipeline itself), every permission in the registry schema's
``handlers.create/update/delete.permissions`` of every resource type the stack holds
(``registry.py``) must be allowed by the role's policies:

- on the resource it acts on (the resource's own ARN, or an ARN its properties name) when the
  Service Authorization Reference (``sar.py``) gives the action a resource type that matches;
  else on a resource of one of the action's types in the stack's account and Region;
- on ``"*"`` when the SAR lists no resource type for the action;
- scoped: a ``"*"`` grant for an action that takes a resource is a finding too;
- under its Conditions: those of the statements that grant it are evaluated
  (``rehearsal/emulator/iam_policy.py``) against the request the handler makes
  (``handler_context.py``); a condition on a key the model does not know is a finding, never
  taken as met.

What a resource needs, and every exception with its AWS page, is in ``handler_needs.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import urlsplit

from orgbackup.deploy.template_configs import TEMPLATE_URL_PARAMETERS
from rehearsal.emulator.iam_policy import ANY_RESOURCE, UnsupportedConditionError, condition_holds
from tests.templates import registry, sar
from tests.templates.deployments import Deployment, deployments
from tests.templates.handler_context import HandlerCall, handler_calls
from tests.templates.handler_needs import (
    HANDLERS,
    UNSCOPED,
    as_list,
    needed_permissions,
    property_values,
)
from tests.templates.intrinsics import render
from tests.templates.physical import TYPES, Place, physical_name, reference

__all__ = [
    "PIPELINE",
    "Finding",
    "StackRole",
    "check_stack",
    "findings",
    "role_statements",
    "stack_roles",
]

PIPELINE = "pipeline/pipeline.yaml"


@dataclass(frozen=True, slots=True)
class Finding:
    """One handler permission a deploying role lacks (or grants too widely), and where."""

    deployer: str
    role: str
    template: str
    logical_id: str
    resource_type: str
    handler: str
    permission: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.deployer}: role {self.role} deploying {self.template}: {self.logical_id} "
            f"({self.resource_type}) {self.handler} handler needs {self.permission}: {self.reason}"
        )


# ARNs of resources the physical-name table gives no ARN attribute for, as the SAR forms them.
_OWN_ARN: dict[str, str] = {
    "AWS::CloudFormation::StackSet": (
        "arn:{partition}:cloudformation:{region}:{account}:stackset/{ref}"
    ),
    "AWS::CodePipeline::Pipeline": "arn:{partition}:codepipeline:{region}:{account}:{ref}",
    "AWS::KMS::Alias": "arn:{partition}:kms:{region}:{account}:{ref}",
}
# ARNs a resource's properties name without spelling them out.
_NAMED_ARNS: dict[str, tuple[str, ...]] = {
    "AWS::Lambda::Function": ("arn:{partition}:s3:::{Code.S3Bucket}/{Code.S3Key}",),
    "AWS::S3::BucketPolicy": ("arn:{partition}:s3:::{Bucket}",),
    "AWS::IAM::RolePolicy": ("arn:{partition}:iam::{account}:role/{RoleName}",),
}
_ARN = re.compile(r"^arn:aws[a-z-]*:")


@dataclass(frozen=True, slots=True)
class StackRole:
    """One CloudFormation deploy action: the role it passes and the stack it deploys."""

    role: str
    stack_name: str
    template: str


# Templates the Publish step generates, and the repository template each is generated from:
# the same resources and types, with one Custom::BackupOrgPolicy per configured policy.
GENERATED_FROM = {"out/deploy/org-policies.yaml": "templates/org-policies.yaml"}


def stack_roles(pipeline: dict[str, Any], place: Place) -> list[StackRole]:
    """Every CloudFormation deploy action of every pipeline in a rendered template."""
    roles = {
        physical_arn: logical_id
        for logical_id, resource in pipeline["Resources"].items()
        if resource["Type"] == "AWS::IAM::Role"
        for physical_arn in _own_arns(resource["Type"], logical_id, resource, place)
    }
    found = []
    for resource in pipeline["Resources"].values():
        if resource["Type"] != "AWS::CodePipeline::Pipeline":
            continue
        for stage in resource["Properties"]["Stages"]:
            for action in stage["Actions"]:
                kind = action["ActionTypeId"]
                if (kind["Category"], kind["Provider"]) != ("Deploy", "CloudFormation"):
                    continue
                configuration = action["Configuration"]
                _, _, path = configuration["TemplatePath"].partition("::")
                path = GENERATED_FROM.get(path, path)
                role = roles.get(configuration.get("RoleArn", ""), configuration.get("RoleArn"))
                found.append(StackRole(str(role), configuration["StackName"], path))
    return found


def role_statements(template: dict[str, Any], role: str, place: Place) -> list[dict[str, Any]]:
    """The statements of every policy a rendered template gives role ``role`` (logical id)."""
    resource = template["Resources"][role]
    name = physical_name(resource["Type"], role, resource.get("Properties", {}), place)
    documents = [p["PolicyDocument"] for p in resource["Properties"].get("Policies", [])]
    for other in template["Resources"].values():
        properties = other.get("Properties", {})
        attached = {
            "AWS::IAM::RolePolicy": [properties.get("RoleName")],
            "AWS::IAM::Policy": properties.get("Roles", []),
            "AWS::IAM::ManagedPolicy": properties.get("Roles", []),
        }
        if name in attached.get(other["Type"], []):
            documents.append(properties["PolicyDocument"])
    return [s for document in documents for s in as_list(document["Statement"])]


def _fill(text: str, properties: Mapping[str, Any], place: Place, ref: str) -> str | None:
    values = {
        "partition": place.partition,
        "region": place.region,
        "account": place.account,
        "ref": ref,
    }

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        found = (
            values[name] if name in values else next(iter(property_values(properties, name)), None)
        )
        return "\0" if found is None else str(found)

    filled = re.sub(r"\{([^}]+)\}", value, text)
    return None if "\0" in filled else filled


def _own_arns(
    resource_type: str, logical_id: str, resource: Mapping[str, Any], place: Place
) -> list[str]:
    """The ARNs of a rendered resource itself (custom resources have none)."""
    if registry.is_custom_resource(resource_type) or resource_type not in TYPES:
        return []
    properties = resource.get("Properties", {})
    name = physical_name(resource_type, logical_id, properties, place)
    ref = reference(resource_type, name, place)
    info = TYPES[resource_type]
    arns = [
        text.format(
            partition=place.partition,
            region=place.region,
            account=place.account,
            name=name,
            stack=place.stack_name,
            uuid=ref.rpartition(":")[2],
            topic="",
        )
        for text in info.attributes.values()
        if text.startswith("arn:")
    ]
    if _ARN.match(ref):
        arns.append(ref)
    if resource_type in _OWN_ARN:
        own = _fill(_OWN_ARN[resource_type], properties, place, ref)
        arns += [own] if own else []
    return list(dict.fromkeys(arns))


def _named_arns(resource_type: str, properties: Mapping[str, Any], place: Place) -> list[str]:
    """ARNs the properties name: every ARN-looking string, and the ``_NAMED_ARNS`` forms.

    Policy documents are skipped: the ARNs in them are what the policy governs, not what the
    handler acts on.
    """
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str) and _ARN.match(node):
            found.append(node)
        elif isinstance(node, Mapping) and "Statement" not in node:
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(properties)
    for text in _NAMED_ARNS.get(resource_type, ()):
        filled = _fill(text, properties, place, "")
        found += [filled] if filled else []
    return found


def _matches(patterns: list[Any], permission: str) -> bool:
    return any(isinstance(p, str) and fnmatchcase(permission.lower(), p.lower()) for p in patterns)


def _grants(statement: Mapping[str, Any], permission: str) -> bool:
    if "NotAction" in statement:
        return not _matches(as_list(statement["NotAction"]), permission)
    return _matches(as_list(statement.get("Action", [])), permission)


def _covers(statement: Mapping[str, Any], arn: str) -> bool:
    if "NotResource" in statement:
        return not any(sar.arn_can_match(r, arn) for r in as_list(statement["NotResource"]))
    return any(
        r == "*" or sar.arn_can_match(r, arn) for r in as_list(statement.get("Resource", []))
    )


def _in_place(arn_format: str, place: Place) -> str:
    """A SAR ARN format with the stack's partition, Region and account filled in."""
    return (
        arn_format.replace("${Partition}", place.partition)
        .replace("${Region}", place.region)
        .replace("${Account}", place.account)
    )


def _name(statement: Mapping[str, Any]) -> str:
    """How a finding names a statement: its Sid, else its actions and resources."""
    if "Sid" in statement:
        return f"statement {statement['Sid']}"
    actions = as_list(statement.get("Action", statement.get("NotAction", [])))
    resources = as_list(statement.get("Resource", statement.get("NotResource", [])))
    return f"the statement of {actions} on {resources}"


def _unmet(statements: list[dict[str, Any]], call: HandlerCall) -> str | None:
    """None when one of ``statements`` allows ``call`` with its Condition; else why none does.

    Each operator and key of a Condition is evaluated on its own (they are ANDed), so a key
    that fails is reported before a key the model does not know.
    """
    reasons = []
    for statement in statements:
        failed: str | None = None
        unknown: str | None = None
        for operator, keys in (statement.get("Condition") or {}).items():
            for key, values in keys.items():
                where = f"{operator} {key} on {_name(statement)}"
                if not call.knows(key):
                    unknown = unknown or f"cannot evaluate {where}: add the key to the model"
                    continue
                try:
                    holds = condition_holds({operator: {key: values}}, call.request)
                except UnsupportedConditionError as error:
                    unknown = unknown or f"cannot evaluate {where}: {error}"
                    continue
                if not holds:
                    carried = call.request.value(key)
                    failed = failed or (
                        f"{_name(statement)} requires {operator} {key} {as_list(values)}, "
                        f"but the request carries "
                        + (f"{key} {list(carried)}" if carried else f"no {key}")
                    )
        if failed is None and unknown is None:
            return None
        reasons.append(failed or unknown)
    return "; ".join(str(r) for r in reasons)


def _problem(
    permission: str,
    statements: list[dict[str, Any]],
    targets: list[str],
    place: Place,
    calls: list[HandlerCall],
) -> str | None:
    """Why ``statements`` do not let a handler call ``permission`` on ``targets``, or None.

    ``calls`` are the handler's requests for the permission (``handler_context``), against
    which the Conditions of the statements that grant it are evaluated.
    """
    allows = [s for s in statements if s.get("Effect") == "Allow" and _grants(s, permission)]
    denies = [s for s in statements if s.get("Effect") == "Deny" and _grants(s, permission)]
    if not allows:
        return "no statement of the role allows it"
    try:
        action = sar.action(permission)
    except sar.UnknownServiceError:
        action = None
    if action is None:
        return "the SAR has no such action (a NOT_NEEDED entry must say why it is not called)"
    if not action.arn_formats:
        anywhere = [s for s in allows if "*" in as_list(s.get("Resource", []))]
        if not anywhere:
            granted = sorted({str(r) for s in allows for r in as_list(s.get("Resource", []))})
            return (
                'the SAR lists no resource type for it, so it needs Resource "*"; '
                f"granted on {granted}"
            )
        for call in calls:
            unmet = _unmet(anywhere, call)
            if unmet:
                return f"allowed, but the condition does not hold: {unmet}"
        return None
    for call in calls:
        target = call.request.resource
        if target is None or target == ANY_RESOURCE:
            continue
        if any(_covers(s, target) for s in denies):
            return f"denied on {target}"
        covering = [s for s in allows if _covers(s, target)]
        if not covering:
            return f"allowed, but not on {target}"
        unmet = _unmet(covering, call)
        if unmet:
            return f"allowed on {target}, but the condition does not hold: {unmet}"
        if permission not in UNSCOPED and all("*" in as_list(s.get("Resource")) for s in covering):
            return f'allowed on "*"; scope it to {target}'
    if all(c.request.resource is None for c in calls):
        formats = [_in_place(f, place) for f in action.arn_formats]
        fitting = [
            s
            for s in allows
            if any(
                r == "*" or sar.arn_can_match(r, f)
                for r in as_list(s.get("Resource", []))
                for f in formats
            )
        ]
        resources = [r for s in allows for r in as_list(s.get("Resource", []))]
        if not fitting:
            return (
                f"allowed only on {sorted(map(str, resources))}, none of which can be a {formats}"
            )
        for call in calls:
            unmet = _unmet(fitting, call)
            if unmet:
                return f"allowed, but the condition does not hold: {unmet}"
        if permission not in UNSCOPED and all(r == "*" for r in resources):
            return f'allowed on "*"; scope it to {formats}'
    return None


def check_stack(
    deployer: str,
    role: str,
    statements: list[dict[str, Any]],
    template: str,
    rendered: dict[str, Any],
    place: Place,
    principal_arn: str | None = None,
) -> Iterator[Finding]:
    """Every handler permission ``statements`` lack for the resources of a rendered stack.

    ``principal_arn`` is the role's ARN (by default role ``role`` of the stack's account).
    """
    principal = principal_arn or f"arn:{place.partition}:iam::{place.account}:role/{role}"
    for logical_id, resource in rendered["Resources"].items():
        resource_type = resource["Type"]
        properties = resource.get("Properties", {})
        own = _own_arns(resource_type, logical_id, resource, place)
        targets = own + _named_arns(resource_type, properties, place)
        for permission, handlers in sorted(needed_permissions(resource_type, resource).items()):
            calls = handler_calls(
                principal, permission, targets, resource_type, resource, own, place.region
            )
            reason = _problem(permission, statements, targets, place, calls)
            if reason:
                handler = "/".join(h for h in HANDLERS if h in handlers)
                yield Finding(
                    deployer, role, template, logical_id, resource_type, handler, permission, reason
                )


def _template_urls(pipeline: Deployment, variant: Deployment) -> dict[str, str]:
    """The StackSet template URLs the Deploy stage passes, in the pipeline's artifact bucket.

    The build writes them with the same ``artifact_bucket_prefix`` it gives the pipeline's
    ArtifactBucketPrefix (``orgbackup/deploy/template_configs.py``, ``parameter_values``).
    """
    prefix = pipeline.parameters.get("ArtifactBucketPrefix")
    if not prefix:
        return {}
    bucket = f"{prefix}-{pipeline.account_id}-{pipeline.region}"
    urls = {}
    for name in TEMPLATE_URL_PARAMETERS.values():
        url = variant.parameters.get(name)
        if isinstance(url, str):
            key = urlsplit(url).path.lstrip("/")
            urls[name] = f"https://{bucket}.s3.{pipeline.region}.amazonaws.com/{key}"
    return urls


def _deployed(pipeline: Deployment, stack: StackRole) -> list[Deployment]:
    """Realistic deployments of the stack a deploy action creates, placed where it puts it."""
    if stack.template == pipeline.template and stack.stack_name == pipeline.stack_name:
        return [pipeline]
    placed = []
    for variant in deployments(stack.template):
        shared = {k: v for k, v in pipeline.parameters.items() if k in variant.parameters}
        shared.update(_template_urls(pipeline, variant))
        placed.append(
            replace(
                variant,
                stack_name=stack.stack_name,
                account_id=pipeline.account_id,
                region=pipeline.region,
                parameters={**variant.parameters, **shared},
            )
        )
    return placed


def findings(
    load: Callable[[str], dict[str, Any]], pipeline: Deployment, all_variants: bool
) -> Iterator[Finding]:
    """Every finding for one pipeline deployment; ``load`` reads a template by its path.

    With ``all_variants`` every variant of each deployed stack is checked, else its base.
    """
    place = Place(pipeline.stack_name, pipeline.account_id, pipeline.region)
    rendered = render(load(pipeline.template), pipeline)
    for stack in stack_roles(rendered, place):
        if stack.role not in rendered["Resources"]:
            yield Finding(
                pipeline.template,
                stack.role,
                stack.template,
                "-",
                "-",
                "-",
                "-",
                "the deploy action passes no role of this template",
            )
            continue
        statements = role_statements(rendered, stack.role, place)
        role_arn = next(
            a
            for a in _own_arns(
                "AWS::IAM::Role", stack.role, rendered["Resources"][stack.role], place
            )
            if ":role/" in a
        )
        targets = _deployed(pipeline, stack)
        for deployed in targets if all_variants else targets[:1]:
            body = render(load(deployed.template), deployed)
            deployed_place = Place(deployed.stack_name, deployed.account_id, deployed.region)
            yield from check_stack(
                pipeline.template,
                stack.role,
                statements,
                deployed.template,
                body,
                deployed_place,
                role_arn,
            )
