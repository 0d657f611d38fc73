"""What lifecycle needs from Organizations (a Protocol) and the policy reference it returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

__all__ = ["OrganizationsPort", "PolicyRef"]


@dataclass(frozen=True, slots=True)
class PolicyRef:
    """An Organizations policy by id, ARN and name."""

    policy_id: str
    arn: str
    name: str

    def data(self) -> dict[str, str]:
        """The custom resource's ``Data`` (Fn::GetAtt names)."""
        return {"PolicyId": self.policy_id, "PolicyArn": self.arn, "PolicyName": self.name}


class OrganizationsPort(Protocol):
    """Organizations operations on BACKUP_POLICY objects, retried and translated.

    Every method raises ``OrganizationsError`` (``TargetError`` for one target) on a
    permanent failure and ``DeadlineExceededError`` when retries run out of time.
    """

    def create_policy(
        self, name: str, description: str, content: str, tags: Mapping[str, str]
    ) -> PolicyRef | None:
        """The new policy, or None when the name is taken."""

    def find_policy(self, name: str) -> PolicyRef | None:
        """The BACKUP_POLICY named exactly ``name``, if any."""

    def update_policy(self, policy_id: str, description: str, content: str) -> PolicyRef:
        """Replace the description and content in place."""

    def delete_policy(self, policy_id: str) -> None:
        """Delete it (a policy already gone is fine)."""

    def list_tags(self, policy_id: str) -> dict[str, str] | None:
        """Its tags, or None when the policy does not exist."""

    def tag_policy(self, policy_id: str, tags: Mapping[str, str]) -> None:
        """Add or overwrite tags."""

    def untag_policy(self, policy_id: str, keys: list[str]) -> None:
        """Remove tags."""

    def list_targets(self, policy_id: str) -> frozenset[str]:
        """Ids of the roots, OUs and accounts it is attached to."""

    def attach(self, policy_id: str, target_id: str) -> bool:
        """Attach; False when it already was."""

    def detach(self, policy_id: str, target_id: str) -> bool:
        """Detach; False when it was not attached."""

    def ensure_policy_type_enabled(self, policy_type: str) -> bool:
        """Enable the type on every root where it is not; True when it had to."""

    def accounts_with_invalid_effective_policy(self, policy_type: str) -> list[str] | None:
        """Accounts whose effective policy AWS finds invalid; None when the API is missing."""
