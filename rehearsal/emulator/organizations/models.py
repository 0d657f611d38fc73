"""moto's Organizations backend with BACKUP_POLICY, AWS's attach/detach/content errors and limits,
and DescribeEffectivePolicy (the chain is computed here, the merge by a pluggable engine).

Lookups go through the indexes of ``tree.py``. The accounts with an invalid effective policy
are computed once per change of the organization (``version``) and paged from that list;
merges and checks are memoized per chain of policy contents (``effective.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeAlias

from moto.core.utils import unix_time, utcnow
from moto.organizations import models as moto_models
from moto.organizations.exceptions import (
    AccountNotFoundException,
    AWSOrganizationsNotInUseException,
)

from rehearsal.emulator.organizations.content import validate_policy_content
from rehearsal.emulator.organizations.effective import (
    ValidationError,
    check_chain,
    effective_policy_checker,
    effective_policy_engine,
    merge_chain,
)
from rehearsal.emulator.organizations.exceptions import (
    ConstraintViolationException,
    DuplicatePolicyAttachmentException,
    DuplicatePolicyException,
    EffectivePolicyNotFoundException,
    InvalidInputException,
    NotImplementedException,
    PolicyNotAttachedException,
    PolicyTypeNotEnabledException,
    TargetNotFoundException,
)
from rehearsal.emulator.organizations.indexes import Listing
from rehearsal.emulator.organizations.tree import IndexedOrganizationsBackend

__all__ = ["FakePolicy", "OrganizationsBackend"]

Node: TypeAlias = moto_models.FakeOrganizationalUnit | moto_models.FakeAccount
Levels: TypeAlias = tuple[tuple[str, ...], ...]

# moto 5.2 has no ARN format for these types and raises NotImplementedError in FakePolicy.
_ARN_FORMATS = {"BACKUP_POLICY": "arn:{0}:organizations::{1}:policy/{2}/backup_policy/{3}"}
# Policies of one type attached directly to one root, OU or account.
_MAX_ATTACHMENTS = {"BACKUP_POLICY": 10}
_MAX_OU_DEPTH = 5  # OUs nest at most five levels below the root.
# SCPs and RCPs have no effective policy: DescribeEffectivePolicy serves management policies.
# For these two, moto's own behaviour is kept (its tests pin it; this project does not own it):
# they attach without EnablePolicyType and their content is stored as given.
_AUTHORIZATION_POLICY_TYPES = frozenset({"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"})


class FakePolicy(moto_models.FakePolicy):
    """A policy that also knows BACKUP_POLICY and when its content last changed."""

    def __init__(self, organization: moto_models.FakeOrganization, **kwargs: Any) -> None:
        arn_format = _ARN_FORMATS.get(kwargs.get("Type", ""))
        if arn_format is None:
            super().__init__(organization, **kwargs)
        else:  # built as a TAG_POLICY (same shape), then given its own type and ARN
            super().__init__(organization, **{**kwargs, "Type": "TAG_POLICY"})
            self.type = kwargs["Type"]
            self._arn_format = arn_format
        self.last_updated: datetime = utcnow()


class OrganizationsBackend(IndexedOrganizationsBackend):
    """moto's backend plus the validations and operations this project relies on."""

    def _reset(self) -> None:
        super()._reset()
        # policy type -> ((version, checker), accounts whose effective policy is invalid)
        self._invalid: dict[str, tuple[tuple[int, object], Listing]] = {}

    def create_organizational_unit(self, **kwargs: Any) -> dict[str, Any]:
        self.validate_parent_id(kwargs["ParentId"])  # moto would accept any parent id
        if len(self._path(kwargs["ParentId"])) > _MAX_OU_DEPTH:
            raise ConstraintViolationException(
                "OU_DEPTH_LIMIT_EXCEEDED", "OUs can be nested at most five levels deep."
            )
        return super().create_organizational_unit(**kwargs)

    def create_policy(self, **kwargs: Any) -> dict[str, Any]:
        if self.org is None:
            raise AWSOrganizationsNotInUseException
        policy = FakePolicy(self.org, **kwargs)  # rejects an unknown type first
        if policy.type not in _AUTHORIZATION_POLICY_TYPES:
            validate_policy_content(policy.type, kwargs.get("Content", ""))
        if any(existing.name == policy.name for existing in self.policies):
            raise DuplicatePolicyException("A policy with the same name already exists.")
        self.policies.append(policy)
        return policy.describe()

    def update_policy(self, **kwargs: Any) -> dict[str, Any]:
        policy = self.get_policy_by_id(kwargs["PolicyId"])
        if "Content" in kwargs and policy.type not in _AUTHORIZATION_POLICY_TYPES:
            validate_policy_content(policy.type, kwargs["Content"])
        name = kwargs.get("Name")
        if name and any(p.name == name and p is not policy for p in self.policies):
            raise DuplicatePolicyException("A policy with the same name already exists.")
        described = super().update_policy(**kwargs)
        if isinstance(policy, FakePolicy):
            policy.last_updated = utcnow()
        self._changed()
        return described

    def attach_policy(self, **kwargs: Any) -> None:
        policy = self.get_policy_by_id(kwargs["PolicyId"])
        target = self._node(kwargs["TargetId"])
        if target is not None:  # moto raises the right error for a missing target
            # AWS attaches its own managed policies (FullAWSAccess) whatever the root says.
            if not policy.aws_managed and not self._policy_type_enabled(policy.type):
                raise PolicyTypeNotEnabledException(
                    f"The {policy.type} policy type is not enabled in the root."
                )
            if policy in target.attached_policies:
                raise DuplicatePolicyAttachmentException(
                    f"Policy {policy.id} is already attached to {target.id}."
                )
            limit = _MAX_ATTACHMENTS.get(policy.type)
            same_type = [p for p in target.attached_policies if p.type == policy.type]
            if limit is not None and len(same_type) >= limit:
                raise ConstraintViolationException(
                    "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                    f"{target.id} already has {limit} {policy.type} policies attached.",
                )
        super().attach_policy(**kwargs)

    def detach_policy(self, **kwargs: str) -> None:
        policy = self.get_policy_by_id(kwargs["PolicyId"])
        target = self._node(kwargs["TargetId"])
        if target is not None and policy not in target.attached_policies:
            raise PolicyNotAttachedException(f"Policy {policy.id} is not attached to {target.id}.")
        super().detach_policy(**kwargs)

    def disable_policy_type(self, **kwargs: str) -> dict[str, Any]:
        described = super().disable_policy_type(**kwargs)
        # AWS detaches (but keeps) every policy of a disabled type.
        nodes: list[Node] = [*self.ou, *self.accounts]
        for node in nodes:
            for policy in [p for p in node.attached_policies if p.type == kwargs["PolicyType"]]:
                if not policy.aws_managed:
                    node.attached_policies.remove(policy)
                    policy.attachments.remove(node)
        self._changed()
        return described

    def describe_effective_policy(self, policy_type: str, target_id: str | None) -> dict[str, Any]:
        """The effective policy of ``policy_type`` for an account, merged by the wired engine."""
        org_backend = self._management_backend()
        return org_backend._effective_policy(policy_type, target_id or self.account_id)

    def _effective_policy(self, policy_type: str, target_id: str) -> dict[str, Any]:
        if policy_type in _AUTHORIZATION_POLICY_TYPES:
            raise InvalidInputException(
                "INVALID_ENUM_POLICY_TYPE", "Effective policies exist for management policies only."
            )
        if not target_id.isdigit():
            # The API accepts root and OU ids by pattern, but only accounts are supported.
            raise InvalidInputException(
                "TARGET_NOT_SUPPORTED", "DescribeEffectivePolicy supports account targets only."
            )
        if self.accounts.get(target_id) is None:
            raise TargetNotFoundException(f"Account {target_id} is not in the organization.")
        path = self._path(target_id)
        levels = self._levels(path, policy_type)
        if not any(levels):
            raise EffectivePolicyNotFoundException(f"No {policy_type} applies to {target_id}.")
        engine = effective_policy_engine(policy_type)
        if engine is None:
            raise NotImplementedException(
                f"No effective-policy engine is wired for {policy_type}; "
                "call set_effective_policy_engine() first."
            )
        content = merge_chain(engine, levels)
        if content is None:
            raise EffectivePolicyNotFoundException(f"No {policy_type} applies to {target_id}.")
        contributing = [p for node in path for p in self._direct(node, policy_type)]
        updated = max(getattr(p, "last_updated", utcnow()) for p in contributing)
        return {
            "EffectivePolicy": {
                "PolicyContent": content,
                "LastUpdatedTimestamp": unix_time(updated),
                "TargetId": target_id,
                "PolicyType": policy_type,
            }
        }

    def list_accounts_with_invalid_effective_policy(self, policy_type: str) -> Listing:
        """Accounts whose effective policy the wired checker finds invalid.

        Computed once per change of the organization and checker; callers page from the list.
        """
        org_backend = self._management_backend()
        key = (org_backend.version, effective_policy_checker(policy_type))
        cached = org_backend._invalid.get(policy_type)
        if cached is None or cached[0] != key:
            invalid = Listing(
                (
                    account.describe()
                    for account in org_backend.accounts
                    if org_backend._validation_errors(policy_type, account.id)
                ),
                key="Id",
            )
            cached = org_backend._invalid[policy_type] = (key, invalid)
        return cached[1]

    def list_effective_policy_validation_errors(
        self, policy_type: str, account_id: str
    ) -> tuple[str, list[dict[str, Any]]]:
        """The account's entity path and what makes its effective policy invalid.

        The path is ``o-…/r-…/ou-…/<account id>/``, the ``Path`` shape of the service model.
        https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListEffectivePolicyValidationErrors.html
        """
        org_backend = self._management_backend()
        if org_backend.org is None or org_backend.accounts.get(account_id) is None:
            raise AccountNotFoundException
        nodes = [org_backend.org.id, *(node.id for node in org_backend._path(account_id))]
        path = "/".join(nodes) + "/"
        contributing = [
            p.id for node in org_backend._path(account_id) for p in self._direct(node, policy_type)
        ]
        return path, [
            {
                "ErrorCode": code,
                "ErrorMessage": message,
                "PathToError": where,
                "ContributingPolicies": contributing,
            }
            for code, message, where in org_backend._validation_errors(policy_type, account_id)
        ]

    def _validation_errors(self, policy_type: str, account_id: str) -> list[ValidationError]:
        if policy_type in _AUTHORIZATION_POLICY_TYPES:
            raise InvalidInputException(
                "INVALID_ENUM_POLICY_TYPE", "Effective policies exist for management policies only."
            )
        levels = self._levels(self._path(account_id), policy_type)
        checker = effective_policy_checker(policy_type)
        if not any(levels):
            return []
        if checker is None:
            raise NotImplementedException(
                f"No effective-policy checker is wired for {policy_type}; "
                "call set_effective_policy_checker() first."
            )
        return check_chain(checker, levels)

    def _management_backend(self) -> OrganizationsBackend:
        if self.org is not None:
            return self
        # A member account asks the organization its management account owns.
        owner = moto_models.organizations_backends.master_accounts.get(self.account_id)
        if owner is None:
            raise AWSOrganizationsNotInUseException
        backend = moto_models.organizations_backends[owner[0]][owner[1]]
        assert isinstance(backend, OrganizationsBackend)
        return backend

    def _policy_type_enabled(self, policy_type: str) -> bool:
        # moto never asks for EnablePolicyType before attaching an SCP or RCP (real AWS does);
        # keep that, so moto's own flows for those types still work.
        if policy_type in _AUTHORIZATION_POLICY_TYPES:
            return True
        roots = [ou for ou in self.ou if isinstance(ou, moto_models.FakeRoot)]
        return policy_type in {t["Type"] for root in roots for t in root.policy_types}

    def _node(self, node_id: str) -> Node | None:
        return self.ou.get(node_id) or self.accounts.get(node_id)

    def _path(self, node_id: str) -> list[Node]:
        """Nodes from the root down to ``node_id`` (empty if it does not exist)."""
        path: list[Node] = []
        node = self._node(node_id)
        while node is not None:
            path.insert(0, node)
            node = self._node(node.parent_id) if node.parent_id else None
        return path

    @classmethod
    def _levels(cls, path: list[Node], policy_type: str) -> Levels:
        """Root first: the contents of the ``policy_type`` policies attached to each node."""
        return tuple(tuple(p.content or "" for p in cls._direct(n, policy_type)) for n in path)

    @staticmethod
    def _direct(node: Node, policy_type: str) -> list[moto_models.FakePolicy]:
        return [p for p in node.attached_policies if p.type == policy_type]
