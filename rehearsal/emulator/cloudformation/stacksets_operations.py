"""StackSet operations over the instances of a set: which instances to create, update or
remove for the set's targets, run Region by Region under the operation preferences, with the
operation's status as AWS reports it.

Sources: StackSetOperationPreferences
(https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html),
StackSetOperation (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperation.html).
Concurrency is not emulated: accounts of a Region run one after another, so an operation stops
at exactly the first failure over the tolerance (AWS may have a few more in flight).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation.exceptions import CloudFormationError, ValidationError
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random

from rehearsal.emulator.cloudformation.stacksets_instances import OrgStackInstance
from rehearsal.emulator.cloudformation.stacksets_preferences import tolerance
from rehearsal.emulator.cloudformation.stacksets_targets import management_backend, resolve_accounts

__all__ = [
    "CANCELLED",
    "InstanceGroup",
    "NameAlreadyExistsException",
    "OrgStackSet",
    "check_name_free",
    "deploy",
    "reconcile",
    "remove",
    "remove_all",
    "target_accounts",
    "update_all",
]

# AWS's StatusReason for instances not attempted (seen in aws-control-tower-customizations#28).
CANCELLED = "Cancelled since failure tolerance has exceeded"
Work = tuple[OrgStackInstance, Callable[[str], str | None]]


class NameAlreadyExistsException(CloudFormationError):
    """A StackSet of that name already exists in this account and Region."""

    code = "NameAlreadyExistsException"


def check_name_free(backend: cfn_models.CloudFormationBackend, name: str) -> None:
    """Refuse a second active StackSet of ``name`` (CreateStackSet's NameAlreadyExistsException)."""
    if any(s.name == name and s.status != "DELETED" for s in backend.stacksets.values()):
        raise NameAlreadyExistsException(f"StackSet {name} already exists")


@dataclass(frozen=True, slots=True)
class InstanceGroup:
    """One StackInstancesGroup: DeploymentTargets, Regions and ParameterOverrides."""

    targets: Mapping[str, Any]
    regions: tuple[str, ...]
    overrides: Mapping[str, str] = field(default_factory=dict)


class OrgStackSet(cfn_models.StackSet):
    """moto's StackSet plus what AWS keeps for a set (AutoDeployment, Capabilities, CallAs,
    targets, preferences), serialized by DescribeStackSet from these attributes, and instances
    that are real stacks (``OrgStackInstance``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.auto_deployment: dict[str, bool] | None = None
        self.capabilities: list[str] = []
        self.call_as = "SELF"
        self.groups: list[InstanceGroup] = []
        self.operation_preferences: dict[str, Any] = {}
        self._managed_execution = {"Active": False}

    @property
    def managed_execution(self) -> dict[str, Any]:
        return self._managed_execution

    @managed_execution.setter
    def managed_execution(self, value: Mapping[str, Any]) -> None:
        self._managed_execution = {"Active": bool(value.get("Active", False))}

    @property
    def stack_set_name(self) -> str:  # ListStackSets' StackSetSummary (moto leaves it out)
        return self.name

    @property
    def stack_set_id(self) -> str:
        return self.id

    @property
    def organizational_unit_ids(self) -> list[str]:
        ids = [ou for g in self.groups for ou in g.targets.get("OrganizationalUnitIds", [])]
        return sorted(set(ids))

    @property
    def regions(self) -> list[str]:
        return sorted({r for g in self.groups for r in g.regions})

    @property
    def org_instances(self) -> list[OrgStackInstance]:
        return [i for i in self.instances.stack_instances if isinstance(i, OrgStackInstance)]

    def update(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """UpdateStackSet: moto records the change; then every instance's stack is brought to
        the new template and parameters.
        """
        kwargs.update(accounts=[], regions=[])
        super().update(*args, **kwargs)
        self.operations.pop()  # moto's own, always-SUCCEEDED record of the call
        return update_all(self, self.operation_preferences)


def _run(
    stackset: OrgStackSet, action: str, work: Sequence[Work], prefs: Mapping[str, Any]
) -> dict[str, Any]:
    """Run ``work`` Region by Region and record the operation (its Status and StatusReason)."""
    operation_id = str(mock_random.uuid4())
    order = list(dict.fromkeys([*prefs.get("RegionOrder", []), *(w[0].region_name for w in work)]))
    sequential = prefs.get("RegionConcurrencyType", "SEQUENTIAL") == "SEQUENTIAL"
    results: list[dict[str, Any]] = []
    failures: list[str] = []
    stopped = False
    for region in order:
        batch = [w for w in work if w[0].region_name == region]
        allowed, failed = tolerance(prefs, len(batch)), 0
        for instance, step in batch:
            if stopped or failed > allowed:
                instance.cancel(operation_id, CANCELLED)
                results.append(_result(instance, "CANCELLED", CANCELLED))
                continue
            reason = step(operation_id)
            if reason is not None:
                failed += 1
                failures.append(f"account {instance.account_id}, Region {region}: {reason}")
            results.append(_result(instance, "FAILED" if reason else "SUCCEEDED", reason))
        stopped = stopped or (sequential and failed > allowed)
    over = any(
        sum(1 for r in results if r["Region"] == region and r["Status"] == "FAILED")
        > tolerance(prefs, sum(1 for r in results if r["Region"] == region))
        for region in order
    )
    operation: dict[str, Any] = {
        "OperationId": operation_id,
        "Action": action,
        "Status": "FAILED" if over else "SUCCEEDED",
        "CreationTimestamp": utcnow(),
        "EndTimestamp": utcnow() + timedelta(seconds=1),
        "Instances": [{r["Account"]: r["Region"]} for r in results],
        "Results": results,
        "OperationPreferences": dict(prefs),
        "StatusDetails": {
            "FailedStackInstancesCount": sum(r["Status"] == "FAILED" for r in results)
        },
    }
    if failures:
        operation["StatusReason"] = f"{len(failures)} stack instance(s) failed; " + "; ".join(
            failures
        )
    stackset.operations.append(operation)
    return operation


def _result(instance: OrgStackInstance, status: str, reason: str | None) -> dict[str, Any]:
    result = {"Account": instance.account_id, "Region": instance.region_name, "Status": status}
    if reason:
        result["StatusReason"] = reason
    if instance.ou_id:
        result["OrganizationalUnitId"] = instance.ou_id
    return result


def _desired(
    stackset: OrgStackSet, lenient: bool
) -> dict[tuple[str, str], tuple[str, Mapping[str, str]]]:
    """(account, Region) → (target OU, overrides) for every group, later groups winning."""
    desired: dict[tuple[str, str], tuple[str, Mapping[str, str]]] = {}
    for group in stackset.groups:
        for account_id, ou_id in target_accounts(stackset, group, lenient):
            for region in group.regions:
                desired[(account_id, region)] = (ou_id, group.overrides)
    return desired


def target_accounts(
    stackset: OrgStackSet, group: InstanceGroup, lenient: bool = False
) -> list[tuple[str, str]]:
    """(account, target OU) pairs ``group`` targets: its Accounts for a self-managed set, the
    resolved OU targets for a service-managed one (``lenient``: OUs deleted since are ignored,
    as auto-deployment finds no account in them).

    Raises
    ------
    ValidationError
        The set's account is not in an organization, or the targets are invalid.
    """
    if stackset.permission_model != "SERVICE_MANAGED":
        return [(str(a), "") for a in group.targets.get("Accounts", [])]
    org = management_backend(stackset.arn.split(":")[4])
    if org is None:
        raise ValidationError(message="The StackSet's account is not in an organization")
    targets = dict(group.targets)
    if lenient:
        known = {ou.id for ou in org.ou}
        targets["OrganizationalUnitIds"] = [
            ou for ou in targets.get("OrganizationalUnitIds", []) if ou in known
        ]
        if not targets["OrganizationalUnitIds"]:
            return []
    return resolve_accounts(org, targets)


def deploy(
    stackset: OrgStackSet, prefs: Mapping[str, Any], lenient: bool = False
) -> dict[str, Any]:
    """Create the instances the set's groups target and it lacks (CreateStackInstances)."""
    existing = {(i.account_id, i.region_name) for i in stackset.org_instances}
    work: list[Work] = []
    for (account_id, region), (ou_id, overrides) in _desired(stackset, lenient).items():
        if (account_id, region) in existing:
            continue
        instance = OrgStackInstance(stackset, account_id, region, overrides, ou_id)
        stackset.instances.stack_instances.append(instance)
        work.append((instance, _creator(stackset, instance)))
    return _run(stackset, "CREATE", work, prefs)


def _creator(stackset: OrgStackSet, instance: OrgStackInstance) -> Callable[[str], str | None]:
    return lambda op: instance.create(
        stackset.template, stackset.parameters, stackset.tags or {}, op
    )


def _updater(stackset: OrgStackSet, instance: OrgStackInstance) -> Callable[[str], str | None]:
    return lambda op: instance.update(
        stackset.template, stackset.parameters, stackset.tags or {}, op
    )


def update_all(stackset: OrgStackSet, prefs: Mapping[str, Any]) -> dict[str, Any]:
    """Bring every instance to the set's template and parameters (UpdateStackSet)."""
    work: list[Work] = [(i, _updater(stackset, i)) for i in stackset.org_instances]
    return _run(stackset, "UPDATE", work, prefs)


def remove(
    stackset: OrgStackSet,
    instances: Sequence[OrgStackInstance],
    retain: bool,
    prefs: Mapping[str, Any],
) -> dict[str, Any]:
    """Delete ``instances`` from the set: their stacks deleted, or kept when ``retain``."""

    def step(instance: OrgStackInstance) -> Callable[[str], str | None]:
        def run(op: str) -> str | None:
            reason = instance.delete_stack(retain, op)
            if reason is None:
                stackset.instances.stack_instances.remove(instance)
            return reason

        return run

    operation = _run(stackset, "DELETE", [(i, step(i)) for i in instances], prefs)
    operation["RetainStacks"] = retain
    return operation


def remove_all(stackset: OrgStackSet, prefs: Mapping[str, Any]) -> dict[str, Any]:
    """Delete every instance and its stack (DeleteStackInstances with RetainStacks false)."""
    return remove(stackset, stackset.org_instances, False, prefs)


def reconcile(
    stackset: OrgStackSet, retain: bool, prefs: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Create instances for newly targeted accounts and remove those no longer targeted
    (stacks kept, disassociated, when ``retain``); returns the operations it ran.
    """
    desired = _desired(stackset, lenient=True)
    gone = [i for i in stackset.org_instances if (i.account_id, i.region_name) not in desired]
    operations = []
    if gone:
        operations.append(remove(stackset, gone, retain, prefs))
    existing = {(i.account_id, i.region_name) for i in stackset.org_instances}
    if any(key not in existing for key in desired):
        operations.append(deploy(stackset, prefs, lenient=True))
    return operations
