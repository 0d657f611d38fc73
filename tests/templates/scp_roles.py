"""The roles the guardrail SCP exempts or protects by name, against the roles the templates
create: each such role has a name of its own (``RoleName``), each exemption names a role that
exists, and a role of a stack deployed in several Regions is named once per Region."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from orgbackup.deploy.stacks import STACKS, STACKSET_BODIES
from rehearsal.emulator.iam_policy import arn_matches
from tests.templates.deployments import OTHER_REGION, Deployment
from tests.templates.handler_needs import as_list
from tests.templates.physical import Place, physical_name

__all__ = [
    "EXECUTION_ROLE_PATTERN",
    "EXTERNAL_PARAMETERS",
    "ROLE_NAME_LIMIT",
    "Role",
    "RolePattern",
    "collisions",
    "in_another_region",
    "multi_region",
    "problems",
    "role_patterns",
    "roles_of",
]

# https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName)
ROLE_NAME_LIMIT = 64
# Roles no template creates. StackSets creates its execution role, stacksets-exec-<id>, in
# every target account (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html);
# the bootstrap's role exists before any stack (``bootstrap.cross_account_role``).
EXTERNAL_PARAMETERS = ("BootstrapRoleName",)
EXECUTION_ROLE_PATTERN = ":role/stacksets-exec-*"


@dataclass(frozen=True, slots=True)
class RolePattern:
    """A role ARN pattern of one SCP statement: an exemption (``aws:PrincipalArn``) or a
    protection (``Resource``)."""

    template: str
    logical_id: str
    sid: str
    where: str
    pattern: str

    def __str__(self) -> str:
        return (
            f"{self.template} {self.logical_id} statement {self.sid!r} {self.where} {self.pattern}"
        )


@dataclass(frozen=True, slots=True)
class Role:
    """A role a deployment creates: its ARN, and whether the template names it (RoleName)."""

    template: str
    logical_id: str
    label: str
    arn: str
    named: bool

    @property
    def name(self) -> str:
        return self.arn.split(":role/", 1)[1]

    def __str__(self) -> str:
        return f"{self.template} {self.logical_id} ({self.label}) {self.arn}"


def _principal_arns(condition: Mapping[str, Any]) -> Iterator[str]:
    for operator, keys in condition.items():
        if operator.removesuffix("IfExists").endswith(("ArnLike", "ArnNotLike", "ArnEquals")):
            for key, values in keys.items():
                if key.lower() == "aws:principalarn":
                    yield from (str(v) for v in as_list(values))


def role_patterns(template: str, rendered: Mapping[str, Any]) -> list[RolePattern]:
    """Every role ARN pattern the SCPs of a rendered template name, and where."""
    found = []
    for logical_id, resource in rendered["Resources"].items():
        properties = resource.get("Properties", {})
        if properties.get("Type") != "SERVICE_CONTROL_POLICY":
            continue
        for statement in as_list(properties["Content"]["Statement"]):
            sid = statement.get("Sid", "(no Sid)")
            for pattern in _principal_arns(statement.get("Condition", {})):
                found.append(RolePattern(template, logical_id, sid, "aws:PrincipalArn", pattern))
            for pattern in as_list(statement.get("Resource", [])):
                if ":iam::" in pattern and ":role/" in pattern:
                    found.append(RolePattern(template, logical_id, sid, "Resource", pattern))
    return found


def roles_of(deployment: Deployment, rendered: Mapping[str, Any]) -> list[Role]:
    """The roles a rendered deployment creates (their ARNs as ``Fn::GetAtt`` returns them)."""
    found = []
    for logical_id, resource in rendered["Resources"].items():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        arn = f"arn:aws:iam::{deployment.account_id}:role/"
        properties = resource.get("Properties", {})
        named = isinstance(properties.get("RoleName"), str)
        name = properties["RoleName"] if named else _generated(deployment, logical_id)
        found.append(Role(deployment.template, logical_id, deployment.label, arn + name, named))
    return found


def _generated(deployment: Deployment, logical_id: str) -> str:
    """The name CloudFormation generates, as ``physical.py`` models it."""
    place = Place(deployment.stack_name, deployment.account_id, deployment.region)
    return physical_name("AWS::IAM::Role", logical_id, {}, place)


def problems(
    patterns: Iterable[RolePattern], roles: Iterable[Role], external: Iterable[str]
) -> list[str]:
    """What is wrong between the SCPs' role patterns and the roles the templates create.

    - A role a pattern matches must have a ``RoleName``: a generated name is cut to 64
      characters by a rule AWS does not document, so whether it keeps the matched prefix is
      unknown.
    - A named role fits IAM's 64 characters.
    - An exemption must match a role some template creates, or one created outside them
      (``external``: the StackSets execution role, the bootstrap's role).
    """
    patterns, roles, external = list(patterns), list(roles), set(external)
    found = []
    for role in roles:
        matching = [p for p in patterns if arn_matches(p.pattern, role.arn)]
        if matching and not role.named:
            found.append(
                f"{role}: a generated name, matched by {matching[0]}; give the role a RoleName "
                "(AWS does not document how it cuts a generated name to 64 characters)"
            )
        if role.named and len(role.name) > ROLE_NAME_LIMIT:
            found.append(f"{role}: RoleName is {len(role.name)} characters > {ROLE_NAME_LIMIT}")
    for pattern in patterns:
        if pattern.where != "aws:PrincipalArn" or pattern.pattern.endswith(EXECUTION_ROLE_PATTERN):
            continue
        if any(pattern.pattern.endswith(f":role/{name}") for name in external):
            continue
        if not any(arn_matches(pattern.pattern, role.arn) and role.named for role in roles):
            found.append(f"{pattern}: exempts a role no template creates under that name")
    return sorted(set(found))


def multi_region(template: str) -> bool:
    """Whether one account holds a stack of ``template`` in several Regions."""
    for body in STACKSET_BODIES:
        if body.template == template:
            return body.regions != "iam"
    return any(spec.template == template and spec.per_artifact_region for spec in STACKS)


def in_another_region(deployment: Deployment) -> Deployment:
    """The same stack in another Region of the same account (other parameters unchanged)."""
    return replace(deployment, label=f"{deployment.label} in {OTHER_REGION}", region=OTHER_REGION)


def collisions(here: Iterable[Role], there: Iterable[Role]) -> list[str]:
    """Roles that two stacks of one template in one account, in two Regions, both create under
    one name: IAM names are account-wide, so the second stack fails."""
    names = {role.name: role for role in here}
    return sorted(
        f"{role}: the stack in another Region creates the same name ({names[role.name]}); "
        "put the Region in the RoleName"
        for role in there
        if role.named and role.name in names
    )
