"""Check 2g, no self-lockout: no SCP or resource policy denies the principals that deploy a
template (StackSets execution role, the pipeline's roles, the bootstrap, custom resource
functions) what CloudFormation's handlers and the stack calls need (docs/templates.md)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

from cfnlint.decode import decode_str

from local.deploy.config import DeploymentConfig, load_config
from local.deploy.stacks import STACKS, STACKSET_BODIES
from tests.templates import physical, sar
from tests.templates.deployments import ACCOUNTS, Deployment
from tests.templates.deployments import deployments as longest_deployments
from tests.templates.evaluator import ANY_RESOURCE, Request, statement_applies
from tests.templates.intrinsics import rendered
from tests.templates.loader import REPO, references
from tests.templates.registry import handler_permissions

__all__ = [
    "Call",
    "Guard",
    "Lockout",
    "NoDeployerError",
    "Principal",
    "guards_of",
    "lockouts",
    "repository_calls",
    "repository_guards",
    "repository_templates",
    "scp_accounts",
]

# A service-managed StackSet runs each instance stack as the role StackSets creates in the
# target account, stacksets-exec-<32 hexadecimal characters>.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html
EXECUTION_ROLE_NAME = "stacksets-exec-" + "0123456789abcdef" * 2
# The role the bootstrap assumes in the home account (``bootstrap.cross_account_role``).
BOOTSTRAP_ROLE_NAME = str(DeploymentConfig.__dataclass_fields__["cross_account_role"].default)
# Service control policies do not restrict the management account.
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
# The guardrails are attached to the member and central accounts' OUs, and the deployment
# guide tells to add the home account's OU: all three are restricted.
SCP_ROLES = ("member", "central", "home")
# CloudFormation calls the delete handler only for a resource it does not retain, and reads
# after it writes. https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
HANDLERS = ("create", "update", "delete", "read")
# The calls each kind of stack caller makes on its stack. The pipeline's CloudFormation action
# (CREATE_UPDATE) describes, creates or updates the stack and passes its role:
# https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html
PIPELINE_STACK_OPERATIONS = ("DescribeStacks", "CreateStack", "UpdateStack")
# local/deploy/cloudformation.py: describe_stacks, describe_stack_events, create_stack,
# update_stack.
BOOTSTRAP_STACK_OPERATIONS = ("DescribeStacks", "DescribeStackEvents", "CreateStack", "UpdateStack")
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


class NoDeployerError(LookupError):
    """Raised for a template the check does not know who deploys."""


@dataclass(frozen=True)
class Principal:
    """A role that deploys: what it is, and its ARN."""

    label: str
    arn: str

    @property
    def account(self) -> str:
        return self.arn.split(":")[4]


@dataclass(frozen=True)
class Call:
    """A request a deployer makes, and what it was deploying when it made it."""

    principal: Principal
    request: Request
    deploying: str


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


@dataclass(frozen=True)
class Lockout:
    """A request of a deployer that a guard refuses."""

    guard: Guard
    sid: str
    call: Call
    why: str

    def __str__(self) -> str:
        request = self.call.request
        return (
            f"{self.guard.template} {self.guard.logical_id} statement {self.sid!r} denies "
            f"{self.call.principal.label} ({self.call.principal.arn}) {request.action} on "
            f"{request.resource or 'its resource'} while deploying {self.call.deploying}: "
            f"{self.why}"
        )


# ---------------------------------------------------------------- the check


def _explain(statement: Mapping[str, Any], request: Request) -> str:
    parts = [f"Action {statement.get('Action', statement.get('NotAction'))}"]
    parts.append(f"Resource {statement.get('Resource', statement.get('NotResource'))}")
    if "Principal" in statement:
        parts.append(f"Principal {statement['Principal']}")
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, values in keys.items():
            found = request.value(key)
            seen = list(found) if found else "absent"
            parts.append(f"{operator} {key} {values} holds for {seen}")
    return "; ".join(parts)


def lockouts(guards: Sequence[Guard], calls: Sequence[Call]) -> list[Lockout]:
    """Every (guard statement, call) where the guard refuses a deployer, without duplicates."""
    found: dict[str, Lockout] = {}
    for call in calls:
        for guard in guards:
            if not guard.covers(call):
                continue
            for index, statement in enumerate(guard.statements):
                if statement.get("Effect") != "Deny" or not statement_applies(
                    statement, call.request
                ):
                    continue
                lockout = Lockout(
                    guard,
                    str(statement.get("Sid", f"#{index}")),
                    call,
                    _explain(statement, call.request),
                )
                found.setdefault(_key(lockout), lockout)
            if guard.key_policy and call.request.resource in guard.resources:
                allows = [
                    s
                    for s in guard.statements
                    if s.get("Effect") == "Allow" and statement_applies(s, call.request)
                ]
                if not allows:
                    # Without an Allow in the key policy (itself or its account's root,
                    # which delegates to IAM), KMS refuses, and refuses to set such a policy.
                    # https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
                    why = "no statement of the key policy allows it (nor delegates to the account)"
                    lockout = Lockout(guard, "(no Allow)", call, why)
                    found.setdefault(_key(lockout), lockout)
    return list(found.values())


def _key(lockout: Lockout) -> str:
    call = lockout.call
    return "|".join(
        (
            lockout.guard.template,
            lockout.guard.logical_id,
            lockout.sid,
            call.principal.label,
            call.request.action,
            call.deploying,
        )
    )


# ---------------------------------------------------------------- templates and their resources


@cache
def _raw(template: str) -> str:
    decoded, matches = decode_str((REPO / template).read_text(encoding="utf-8"))
    assert not matches, f"{template} does not parse: {matches}"
    return json.dumps(decoded)


def repository_templates() -> list[str]:
    """Every template of the repository, as paths relative to it."""
    names = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "templates").glob("*.yaml"))
    return [*names, "pipeline/pipeline.yaml"]


def _place(deployment: Deployment) -> physical.Place:
    return physical.Place(deployment.stack_name, deployment.account_id, deployment.region)


def _fake_uuid(logical_id: str) -> str:
    """Keys share one placeholder id in ``physical``; give each its own."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, logical_id))


@dataclass
class _Stack:
    """One rendered deployment with each resource's ARNs (own and referenced)."""

    deployment: Deployment
    raw: dict[str, Any]
    resources: dict[str, Any]
    arns: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, deployment: Deployment) -> _Stack:
        stack = cls(
            deployment, json.loads(_raw(deployment.template)), rendered(deployment)["Resources"]
        )
        for logical_id in stack.resources:
            stack.arns[logical_id] = stack._own_arns(logical_id)
        return stack

    def name(self, logical_id: str) -> str:
        resource = self.resources[logical_id]
        return physical.physical_name(
            resource["Type"], logical_id, resource.get("Properties", {}), _place(self.deployment)
        )

    def _own_arns(self, logical_id: str) -> list[str]:
        resource = self.resources[logical_id]
        kind, properties = resource["Type"], resource.get("Properties", {})
        place = _place(self.deployment)
        d = self.deployment
        if kind == "AWS::KMS::Alias":
            return [f"arn:aws:kms:{d.region}:{d.account_id}:{properties['AliasName']}"]
        if kind == "AWS::CloudFormation::StackSet":
            name = properties["StackSetName"]
            return [
                f"arn:aws:cloudformation:{d.region}:{d.account_id}:stackset/{name}:{_fake_uuid(name)}"
            ]
        info = physical.TYPES.get(kind)
        if info is None:
            return []
        for attribute in ("Arn", "BackupVaultArn", "TopicArn"):
            if attribute in info.attributes:
                arn = physical.attribute(kind, attribute, self.name(logical_id), place)
                return [arn.replace(physical._UUID, _fake_uuid(logical_id)).removesuffix(":*")]
        return []

    def targets(self, logical_id: str) -> list[str]:
        """ARNs a handler of the resource may act on: its own, those of the resources it
        references, and ARNs it is given as values."""
        raw = self.raw["Resources"][logical_id].get("Properties", {})
        found = list(self.arns[logical_id])
        for name in sorted(references(raw)):
            found.extend(self.arns.get(name, []))
        found.extend(
            a
            for a in _strings(self.resources[logical_id].get("Properties", {}))
            if a.startswith("arn:")
        )
        return [a for a in dict.fromkeys(found) if physical._UUID not in a]

    def aliases(self, key_arn: str) -> tuple[str, ...]:
        """``kms:ResourceAliases`` of a key: the aliases the stack points at it."""
        names = []
        for logical_id, resource in self.resources.items():
            if resource["Type"] != "AWS::KMS::Alias":
                continue
            raw = self.raw["Resources"][logical_id].get("Properties", {})
            if any(key_arn in self.arns.get(ref, []) for ref in references(raw.get("TargetKeyId"))):
                names.append(resource["Properties"]["AliasName"])
        return tuple(names)

    def retained(self, logical_id: str) -> bool:
        resource = self.resources[logical_id]
        return bool(
            resource.get("DeletionPolicy") == "Retain"
            and resource.get("UpdateReplacePolicy") == "Retain"
        )

    @property
    def stack_arn(self) -> str:
        d = self.deployment
        stack = f"stack/{d.stack_name}/{_fake_uuid(d.stack_name)}"
        return f"arn:aws:cloudformation:{d.region}:{d.account_id}:{stack}"


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)


# ---------------------------------------------------------------- deployments under a name


def example_name() -> str:
    """The ``name`` of the example deployment configuration (the documented default)."""
    return load_config(REPO / "deploy" / "config.example.yaml").name


def deployments(template: str, name: str | None = None) -> list[Deployment]:
    """``deployments.deployments(template)``, with the stacks named from configuration
    ``name`` instead of the longest name (names that policies match by prefix matter)."""
    found = longest_deployments(template)
    spec = next((s for s in STACKS if s.template == template), None)
    if name is None or spec is None:
        return found
    longest = found[0].stack_name.removesuffix(f"-{spec.suffix}")
    return [
        replace(
            d,
            stack_name=f"{name}-{spec.suffix}",
            parameters={k: name if v == longest else v for k, v in d.parameters.items()},
        )
        for d in found
    ]


# ---------------------------------------------------------------- guards


def guards_of(deployment: Deployment, scp_accounts: frozenset[str]) -> list[Guard]:
    """The SCPs and resource policies one deployment creates."""
    stack = _Stack.of(deployment)
    found = []
    for logical_id, resource in stack.resources.items():
        kind, properties = resource["Type"], resource.get("Properties", {})
        if (
            kind == "AWS::Organizations::Policy"
            and properties.get("Type") == "SERVICE_CONTROL_POLICY"
        ):
            content = properties["Content"]
            document = json.loads(content) if isinstance(content, str) else content
            found.append(
                Guard(
                    deployment.template,
                    logical_id,
                    "scp",
                    _statements(document),
                    accounts=scp_accounts,
                )
            )
        elif kind in _RESOURCE_POLICIES:
            prop, target = _RESOURCE_POLICIES[kind]
            if prop not in properties:
                continue
            document = properties[prop]
            document = json.loads(document) if isinstance(document, str) else document
            if target is None:
                arns = stack.arns[logical_id]
            else:
                raw = stack.raw["Resources"][logical_id]["Properties"]
                arns = [
                    a
                    for ref in sorted(references(raw.get(target)))
                    for a in stack.arns.get(ref, [])
                ]
            if kind == "AWS::S3::BucketPolicy":
                arns = [*arns, *(f"{a}/*" for a in arns)]
            found.append(
                Guard(
                    deployment.template,
                    logical_id,
                    "resource",
                    _statements(document),
                    resources=tuple(arns),
                    service=sar_prefix(kind),
                    key_policy=kind == "AWS::KMS::Key",
                )
            )
    return found


def sar_prefix(resource_type: str) -> str:
    """The IAM service prefix of a resource type's own actions (``AWS::SQS::Queue`` -> sqs)."""
    return resource_type.split("::")[1].lower()


def _statements(document: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    statements = document.get("Statement", [])
    return tuple(statements if isinstance(statements, list) else [statements])


def scp_accounts() -> frozenset[str]:
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


# ---------------------------------------------------------------- deployers and their calls


def _role_arn(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


@dataclass(frozen=True)
class _Deployer:
    handlers: Principal
    caller: Principal | None
    caller_operations: tuple[str, ...] = ()
    passes: str | None = None


@cache
def _pipeline(name: str | None) -> dict[str, list[tuple[str, str, str]]]:
    """template -> [(stack role label, role ARN, pipeline service role ARN)] from the
    pipeline's own CloudFormation actions."""
    deployment = deployments("pipeline/pipeline.yaml", name)[0]
    stack = _Stack.of(deployment)
    by_arn = {arn: logical_id for logical_id, arns in stack.arns.items() for arn in arns}
    found: dict[str, list[tuple[str, str, str]]] = {}
    for resource in stack.resources.values():
        if resource["Type"] != "AWS::CodePipeline::Pipeline":
            continue
        service_role = resource["Properties"]["RoleArn"]
        for stage in resource["Properties"]["Stages"]:
            for action in stage["Actions"]:
                if action["ActionTypeId"]["Provider"] != "CloudFormation":
                    continue
                configuration = action["Configuration"]
                template = configuration["TemplatePath"].split("::", 1)[1]
                role = configuration["RoleArn"]
                label = f"pipeline role {by_arn.get(role, role)}"
                found.setdefault(template, []).append((label, role, service_role))
    return found


def _deployers(deployment: Deployment, name: str | None) -> list[_Deployer]:
    """Who deploys a template (local/deploy/stacks.py, docs/deployment.md): a StackSet body
    the StackSets execution role; a stack of one of the pipeline's CloudFormation actions the
    role the action names, its stack calls made by the pipeline's service role; a bootstrap
    stack (the pipeline stack too, which the bootstrap creates and may re-run) the bootstrap's
    role, which makes both."""
    template, account = deployment.template, deployment.account_id
    if any(body.template == template for body in STACKSET_BODIES):
        return [
            _Deployer(
                Principal("StackSets execution role", _role_arn(account, EXECUTION_ROLE_NAME)), None
            )
        ]
    found = []
    for label, role, service_role in _pipeline(name).get(template, []):
        caller = Principal("pipeline service role", service_role)
        found.append(_Deployer(Principal(label, role), caller, PIPELINE_STACK_OPERATIONS, role))
    if any(spec.template == template and spec.deployed_by == "bootstrap" for spec in STACKS):
        bootstrap = Principal("bootstrap principal", _role_arn(account, bootstrap_role_name()))
        found.append(_Deployer(bootstrap, bootstrap, BOOTSTRAP_STACK_OPERATIONS))
    if not found:
        raise NoDeployerError(
            f"{template}: no StackSet, pipeline action or bootstrap step deploys it"
        )
    return found


@cache
def _org_id() -> str:
    return str(longest_deployments("templates/member-account.yaml")[0].parameters["OrganizationId"])


@cache
def bootstrap_role_name() -> str:
    """The bootstrap's role name as the deployments pass it to templates that name it
    (``BootstrapRoleName``), else the configuration's default."""
    for template in repository_templates():
        for deployment in longest_deployments(template)[:1]:
            if "BootstrapRoleName" in deployment.parameters:
                return str(deployment.parameters["BootstrapRoleName"])
    return BOOTSTRAP_ROLE_NAME


def _context(
    principal: Principal, action: str, resource: str | None, org_id: str
) -> dict[str, tuple[str, ...]]:
    """The request context keys a deployer's call carries; any other key is absent."""
    context: dict[str, tuple[str, ...]] = {
        "aws:PrincipalArn": (principal.arn,),
        "aws:PrincipalAccount": (principal.account,),
        "aws:PrincipalOrgID": (org_id,),
        "aws:PrincipalType": ("AssumedRole",),
        "aws:SecureTransport": ("true",),
        "aws:ViaAWSService": ("false",),
    }
    if resource and resource != ANY_RESOURCE and resource.split(":")[4]:
        context["aws:ResourceAccount"] = (resource.split(":")[4],)
    if action.lower().startswith("kms:"):
        context["kms:CallerAccount"] = (principal.account,)
    return context


def _requests(
    principal: Principal, action: str, targets: Sequence[str], org_id: str
) -> list[Request]:
    try:
        found = sar.action(action)
    except sar.UnknownServiceError:
        found = None
    if found is None:
        return [Request(principal.arn, action, None, _context(principal, action, None, org_id))]
    if not found.arn_formats:
        return [
            Request(
                principal.arn,
                action,
                ANY_RESOURCE,
                _context(principal, action, ANY_RESOURCE, org_id),
            )
        ]
    named: list[str | None] = [
        t for t in targets if any(sar.arn_can_match(t, f) for f in found.arn_formats)
    ]
    return [
        Request(principal.arn, found.name, target, _context(principal, action, target, org_id))
        for target in (named or [None])
    ]


def calls_of(deployment: Deployment, name: str | None = None) -> list[Call]:
    """Every request the deployers of ``deployment`` make to create, update and delete it
    (``name``: the configuration name its pipeline's stacks have)."""
    stack = _Stack.of(deployment)
    org_id = _org_id()
    found: list[Call] = function_calls(deployment)
    for deployer in _deployers(deployment, name):
        for logical_id, resource in stack.resources.items():
            permissions = handler_permissions(resource["Type"])
            targets = stack.targets(logical_id)
            for handler in HANDLERS:
                if handler == "delete" and stack.retained(logical_id):
                    continue
                for action in permissions.get(handler, ()):
                    where = f"{deployment.template} {logical_id} ({handler} handler)"
                    for request in _requests(deployer.handlers, action, targets, org_id):
                        found.append(
                            Call(deployer.handlers, _with_keys(request, stack, resource), where)
                        )
        if deployer.caller is not None:
            where = f"{deployment.template} (stack {deployment.stack_name})"
            for operation in deployer.caller_operations:
                for action in sar.operation_action("cloudformation", operation):
                    for request in _requests(deployer.caller, action, [stack.stack_arn], org_id):
                        found.append(Call(deployer.caller, request, where))
            if deployer.passes:
                for request in _requests(
                    deployer.caller, "iam:PassRole", [deployer.passes], org_id
                ):
                    found.append(Call(deployer.caller, request, where))
    return found


def _referenced(stack: _Stack, logical_id: str, prop: str) -> str | None:
    """The one resource a property refers to (Ref, GetAtt or Sub), if it is in the stack."""
    raw = stack.raw["Resources"][logical_id].get("Properties", {}).get(prop)
    found = sorted(references(raw) & set(stack.resources))
    return found[0] if len(found) == 1 else None


def _grants(stack: _Stack, role_id: str) -> list[Mapping[str, Any]]:
    """The Allow statements of a role's inline policies (``Policies``, ``AWS::IAM::RolePolicy``)."""
    documents = [
        p["PolicyDocument"] for p in stack.resources[role_id]["Properties"].get("Policies", [])
    ]
    for logical_id, resource in stack.resources.items():
        if resource["Type"] != "AWS::IAM::RolePolicy":
            continue
        raw = stack.raw["Resources"][logical_id]["Properties"]
        if role_id in references(raw.get("RoleName")):
            documents.append(resource["Properties"]["PolicyDocument"])
    return [s for d in documents for s in _statements(d) if s.get("Effect") == "Allow"]


def _granted_keys(statement: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The keys a request must carry to be allowed by ``statement`` (its exact-match
    conditions): the calls its role makes are the calls its own policy lets through."""
    keys: dict[str, tuple[str, ...]] = {}
    for operator in ("StringEquals", "ArnEquals", "Bool"):
        for key, values in (statement.get("Condition") or {}).get(operator, {}).items():
            values = values if isinstance(values, list) else [values]
            keys[key] = (str(values[0]),)
    return keys


def function_calls(deployment: Deployment) -> list[Call]:
    """The calls each custom resource's function makes while CloudFormation deploys it: what
    its role's policies grant (a Deny of those fails the custom resource, and the stack)."""
    stack = _Stack.of(deployment)
    org_id = _org_id()
    found = []
    for logical_id, resource in stack.resources.items():
        if not resource["Type"].startswith("Custom::"):
            continue
        # Generated names can coincide in the rendering; the references cannot.
        function_id = _referenced(stack, logical_id, "ServiceToken")
        role_id = _referenced(stack, function_id, "Role") if function_id else None
        if function_id is None or role_id is None:
            continue
        role = str(stack.resources[function_id]["Properties"]["Role"])
        principal = Principal(f"function {function_id}", role)
        where = f"{deployment.template} {logical_id} (custom resource)"
        for statement in _grants(stack, role_id):
            actions = (
                statement["Action"]
                if isinstance(statement["Action"], list)
                else [statement["Action"]]
            )
            resources = (
                statement["Resource"]
                if isinstance(statement["Resource"], list)
                else [statement["Resource"]]
            )
            for pattern in actions:
                for action in sar.actions_matching(pattern) or []:
                    for request in _requests(
                        principal, action.name, [r for r in resources if r != "*"], org_id
                    ):
                        context = {**request.context, **_granted_keys(statement)}
                        found.append(Call(principal, replace(request, context=context), where))
    return found


def _with_keys(request: Request, stack: _Stack, resource: Mapping[str, Any]) -> Request:
    """Service keys a handler's request carries: the aliases of a key it acts on, the type of
    an Organizations policy it writes."""
    context = dict(request.context)
    action = request.action.lower()
    if action.startswith("kms:") and request.resource and ":key/" in request.resource:
        aliases = stack.aliases(request.resource)
        if aliases:
            context["kms:ResourceAliases"] = aliases
    if action.startswith("organizations:") and resource["Type"] == "AWS::Organizations::Policy":
        context["organizations:PolicyType"] = (str(resource["Properties"]["Type"]),)
    return Request(request.principal_arn, request.action, request.resource, context)


def repository_calls(name: str | None = None) -> list[Call]:
    """Every call every deployer makes, over every deployment variant of every template
    (stacks named ``name``; None: the longest name)."""
    return [
        call
        for template in repository_templates()
        for deployment in deployments(template, name)
        for call in calls_of(deployment, name)
    ]
