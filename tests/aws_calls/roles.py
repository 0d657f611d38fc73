"""Which rendered policies must allow a function's call: its role in its template, and for
Organizations calls the management account's side (the assumed role or the delegation).

A template is rendered (``tests/templates/intrinsics.py``) with the account and Region of the
call. Parameters take their default; those without one (and lists) are ``*``, any value a
deployment may give them. The few the call itself decides are set from it (``_overrides``).
The guardrail SCP (``templates/scp-guardrails.yaml``) applies to every call made outside the
management account, i.e. all but those on the role assumed there. Managed policies and
permissions boundaries are not read: a role with either fails the check until this module
learns them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from tests.aws_calls.policy import Document
from tests.aws_calls.recorder import Call
from tests.templates.deployments import ACCOUNTS, Deployment, deployments
from tests.templates.intrinsics import render
from tests.templates.loader import load_path
from tests.templates.physical import Place, physical_name

__all__ = [
    "FUNCTION_ROLES",
    "Authority",
    "RoleRef",
    "UnknownFunctionError",
    "authority",
    "role_documents",
]

MEMBER = "templates/member-account.yaml"
POLICIES = "templates/org-policies.yaml"
MANAGEMENT = "templates/management-account.yaml"
GUARDRAILS = "templates/scp-guardrails.yaml"


@dataclass(frozen=True, slots=True)
class RoleRef:
    """A role (or resource policy) by template and logical id."""

    template: str
    logical_id: str

    def __str__(self) -> str:
        return f"{self.template} {self.logical_id}"


class UnknownFunctionError(LookupError):
    """Raised for a call of a function ``FUNCTION_ROLES`` does not list: no role to judge by."""


# Each function of functions/ and the role its template gives it (``test_check.py`` checks
# that every Lambda of functions/ is here).
FUNCTION_ROLES: dict[str, RoleRef] = {
    "tag_on_restore": RoleRef(MEMBER, "TagOnRestoreRole"),
    "backup_region_settings": RoleRef(MEMBER, "RegionSettingsRole"),
    "restore_validation": RoleRef("templates/member-restore-testing.yaml", "RestoreValidationRole"),
    "backup_org_policy_manager": RoleRef(POLICIES, "PolicyManagerRole"),
    "job_summary": RoleRef("templates/job-monitoring.yaml", "JobSummaryRole"),
}
# The role BackupOrgPolicyManager assumes when ManagementRoleArn is set, and the delegation
# policy that lets it call Organizations from the home account otherwise.
ASSUMED_ROLES = {"backup_org_policy_manager": RoleRef(MANAGEMENT, "PolicyManagerRole")}
DELEGATIONS = {"backup_org_policy_manager": RoleRef(MANAGEMENT, "BackupPolicyDelegation")}
GUARDRAIL_POLICY = RoleRef(GUARDRAILS, "BackupGuardrails")


@dataclass(frozen=True, slots=True)
class Authority:
    """The identity policies of ``role`` (an Allow is needed) and, when the call reaches
    another account's resource policy, ``resource_policy`` (it must allow ``principal``)."""

    role: RoleRef
    identity: tuple[Document, ...]
    principal: str
    resource_policy: RoleRef | None = None
    resource_documents: tuple[Document, ...] = ()
    guardrails: tuple[Document, ...] = ()


def _parameter(spec: Mapping[str, Any]) -> Any:
    if "AllowedValues" in spec:
        return str(spec.get("Default", spec["AllowedValues"][0]))
    if spec.get("Type") == "Number":
        return str(spec.get("Default", spec.get("MinValue", 1)))
    if spec.get("Type") == "CommaDelimitedList":
        return ["*"]
    return spec.get("Default") or "*"


@cache
def _rendered(
    template: str, account: str, region: str, overrides: tuple[tuple[str, str], ...], source: str
) -> str:
    body = json.loads(source) if source else load_path(template)
    parameters = {name: _parameter(spec) for name, spec in body.get("Parameters", {}).items()}
    parameters.update(dict(overrides))
    stack = deployments(template)[0].stack_name
    deployment = Deployment(template, "call", stack, account, region, parameters)
    return json.dumps({"stack": stack, "template": render(body, deployment)})


def _documents(rendered: Mapping[str, Any], ref: RoleRef, role_name: str) -> tuple[Document, ...]:
    resources = rendered["Resources"]
    role = resources[ref.logical_id]
    properties = role.get("Properties", {})
    for unread in ("ManagedPolicyArns", "PermissionsBoundary"):
        if properties.get(unread):
            raise NotImplementedError(f"{ref}: {unread} is not read by tests/aws_calls/roles.py")
    documents = [
        Document(f"{ref} (policy {p['PolicyName']})", tuple(p["PolicyDocument"]["Statement"]))
        for p in properties.get("Policies", [])
    ]
    for logical_id, resource in resources.items():
        props = resource.get("Properties", {})
        attached = (
            props.get("RoleName") == role_name
            if resource["Type"] == "AWS::IAM::RolePolicy"
            else role_name in props.get("Roles", [])
            if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
            else False
        )
        if attached:
            where = f"{ref.template} {logical_id}"
            documents.append(Document(where, tuple(props["PolicyDocument"]["Statement"])))
    return tuple(documents)


def role_documents(
    ref: RoleRef,
    account: str,
    region: str,
    overrides: Mapping[str, str] | None = None,
    template: Mapping[str, Any] | None = None,
) -> tuple[tuple[Document, ...], str]:
    """The rendered identity policies of role ``ref`` and the role's ARN.

    ``template`` replaces the repository's file (for known-bad snippets).
    """
    source = json.dumps(template) if template is not None else ""
    key = tuple(sorted((overrides or {}).items()))
    loaded = json.loads(_rendered(ref.template, account, region, key, source))
    rendered, stack = loaded["template"], loaded["stack"]
    role = rendered["Resources"][ref.logical_id]
    name = physical_name(
        "AWS::IAM::Role", ref.logical_id, role.get("Properties", {}), Place(stack, account, region)
    )
    return _documents(rendered, ref, name), f"arn:aws:iam::{account}:role/{name}"


def _policy_content(
    ref: RoleRef, region: str, overrides: Mapping[str, str], template: Mapping[str, Any] | None
) -> tuple[Document, ...]:
    """The rendered ``Content`` of an Organizations policy (delegation policy or SCP), which
    the management account holds."""
    source = json.dumps(template) if template is not None else ""
    key = tuple(sorted(overrides.items()))
    rendered = json.loads(_rendered(ref.template, ACCOUNTS["management"], region, key, source))
    content = rendered["template"]["Resources"][ref.logical_id]["Properties"]["Content"]
    if isinstance(content, str):
        content = json.loads(content)
    return (Document(str(ref), tuple(content["Statement"])),)


def _overrides(call: Call, ref: RoleRef) -> dict[str, str]:
    """Parameters the call decides: whose account runs it, and which branch it took."""
    if ref.template == POLICIES:
        assumed = call.params.get("RoleArn", "") if call.operation == "AssumeRole" else ""
        overrides = {"HomeAccountId": call.account, "ManagementRoleArn": str(assumed)}
        # The artifact bucket is named <ArtifactBucketPrefix>-<home account>-<Region>: the
        # prefix a deployment chose is the bucket's name before that suffix.
        bucket = str(call.params.get("Bucket", ""))
        suffix = f"-{call.account}-{call.region}"
        if call.operation == "GetObject" and bucket.endswith(suffix):
            overrides["ArtifactBucketPrefix"] = bucket.removesuffix(suffix)
        return overrides
    if ref.template == MANAGEMENT:
        return {"CreateDelegationPolicy": "true", "CreatePolicyManagerRole": "true"}
    if ref.template == GUARDRAILS:
        home = call.account if call.function in DELEGATIONS else ACCOUNTS["home"]
        return {"HomeAccountId": home, "CentralBackupAccountId": ACCOUNTS["central"]}
    return {}


def authority(call: Call, templates: Mapping[str, Mapping[str, Any]] | None = None) -> Authority:
    """What must allow ``call``.

    ``templates`` maps a repository path to a template that replaces the file.

    Raises
    ------
    UnknownFunctionError
        If ``FUNCTION_ROLES`` does not name the function's role.
    """
    ref = FUNCTION_ROLES.get(call.function)
    if ref is None:
        raise UnknownFunctionError(
            f"tests/aws_calls/roles.py FUNCTION_ROLES names no role for functions/{call.function}"
        )
    templates = templates or {}
    if call.credentials.assumed_by == call.function and call.function in ASSUMED_ROLES:
        ref = ASSUMED_ROLES[call.function]
    identity, principal = role_documents(
        ref, call.account, call.region, _overrides(call, ref), templates.get(ref.template)
    )
    result = Authority(ref, identity, principal)
    if ref != FUNCTION_ROLES[call.function]:
        return result  # the role assumed in the management account, which SCPs spare
    guardrails = _policy_content(
        GUARDRAIL_POLICY,
        call.region,
        _overrides(call, GUARDRAIL_POLICY),
        templates.get(GUARDRAILS),
    )
    result = replace(result, guardrails=guardrails)
    delegation = DELEGATIONS.get(call.function)
    if delegation and call.service == "organizations":
        overrides = {**_overrides(call, delegation), "HomeAccountId": call.account}
        documents = _policy_content(
            delegation, call.region, overrides, templates.get(delegation.template)
        )
        result = replace(result, resource_policy=delegation, resource_documents=documents)
    return result
