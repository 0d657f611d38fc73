"""The policies that can deny a deployer: the SCPs a deployment creates (in every account they
restrict) and its resource policies (on the resources they are attached to)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tests.templates.deployments import ACCOUNTS, Deployment
from tests.templates.handler_needs import as_list
from tests.templates.loader import references
from tests.templates.self_lockout.naming import deployments, repository_templates
from tests.templates.self_lockout.requests import Call
from tests.templates.self_lockout.stack import Stack

__all__ = ["SCP_ROLES", "Guard", "guards_of", "repository_guards", "sar_prefix", "scp_accounts"]

# Service control policies do not restrict the management account.
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
# The guardrails are attached to the member and central accounts' OUs, and the deployment
# guide tells to add the home account's OU: all three are restricted.
SCP_ROLES = ("member", "central", "home")
# Resource policies: the property holding the document, and whether it names the resource
# itself (Key, vault) or the resources its property lists (bucket, queue, topic policies).
_RESOURCE_POLICIES: dict[str, tuple[str, str | None]] = {
    "AWS::KMS::Key": ("KeyPolicy", None),
    "AWS::Backup::BackupVault": ("AccessPolicy", None),
    "AWS::Backup::LogicallyAirGappedBackupVault": ("AccessPolicy", None),
    "AWS::S3::BucketPolicy": ("PolicyDocument", "Bucket"),
    "AWS::SQS::QueuePolicy": ("PolicyDocument", "Queues"),
    "AWS::SNS::TopicPolicy": ("PolicyDocument", "Topics"),
    "AWS::Organizations::ResourcePolicy": ("Content", None),
}


@dataclass(frozen=True)
class Guard:
    """A policy document that can deny: an SCP (``accounts`` it restricts) or a resource policy
    (``resources``, the ARNs it is attached to; none: every resource of ``service``)."""

    template: str
    logical_id: str
    kind: Literal["scp", "resource"]
    statements: tuple[Mapping[str, Any], ...]
    resources: tuple[str, ...] = ()
    accounts: frozenset[str] = frozenset()
    service: str = ""
    key_policy: bool = False

    def covers(self, call: Call) -> bool:
        if self.kind == "scp":
            return call.principal.account in self.accounts
        resource = call.request.resource
        same_service = call.request.action.split(":")[0].lower() == self.service
        if not self.resources:
            # Attached to no one resource (the delegation policy): every request of its service.
            return same_service
        return resource in self.resources


def sar_prefix(resource_type: str) -> str:
    """The IAM service prefix of a resource type's own actions (``AWS::SQS::Queue`` -> sqs)."""
    return resource_type.split("::")[1].lower()


def _statements(document: Any) -> tuple[Mapping[str, Any], ...]:
    document = json.loads(document) if isinstance(document, str) else document
    return tuple(as_list(document.get("Statement", [])))


def _attached_to(stack: Stack, logical_id: str, target: str | None) -> list[str]:
    """The ARNs a resource policy governs: its own resource's, or those its property names."""
    kind = stack.resources[logical_id]["Type"]
    if target is None:
        arns = stack.arns[logical_id]
    else:
        raw = stack.raw["Resources"][logical_id]["Properties"]
        arns = [a for ref in sorted(references(raw.get(target))) for a in stack.arns.get(ref, [])]
    if kind == "AWS::S3::BucketPolicy":
        arns = [*arns, *(f"{a}/*" for a in arns)]
    return arns


def guards_of(deployment: Deployment, scp_accounts: frozenset[str]) -> list[Guard]:
    """The SCPs and resource policies one deployment creates."""
    stack = Stack.of(deployment)
    found = []
    for logical_id, resource in stack.resources.items():
        kind, properties = resource["Type"], resource.get("Properties", {})
        if (
            kind == "AWS::Organizations::Policy"
            and properties.get("Type") == "SERVICE_CONTROL_POLICY"
        ):
            statements = _statements(properties["Content"])
            found.append(
                Guard(deployment.template, logical_id, "scp", statements, accounts=scp_accounts)
            )
        elif kind in _RESOURCE_POLICIES:
            prop, target = _RESOURCE_POLICIES[kind]
            if prop not in properties:
                continue
            found.append(
                Guard(
                    deployment.template,
                    logical_id,
                    "resource",
                    _statements(properties[prop]),
                    resources=tuple(_attached_to(stack, logical_id, target)),
                    service=sar_prefix(kind),
                    key_policy=kind == "AWS::KMS::Key",
                )
            )
    return found


def scp_accounts() -> frozenset[str]:
    """The accounts the guardrail SCPs restrict (``SCP_ROLES``)."""
    return frozenset(ACCOUNTS[role] for role in SCP_ROLES)


def repository_guards(name: str | None = None) -> list[Guard]:
    """Every guard of every deployment variant of every template (stacks named ``name``)."""
    accounts = scp_accounts()
    return [
        guard
        for template in repository_templates()
        for deployment in deployments(template, name)
        for guard in guards_of(deployment, accounts)
    ]
