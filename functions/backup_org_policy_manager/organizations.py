"""The Organizations edge: paginated, retried boto3 calls; ClientError -> this package's errors.

Slightly over the usual module size: one small method per operation the port needs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, HTTPClientError

from backup_org_policy_manager.errors import (
    OrganizationsError,
    RetryableError,
    TargetError,
    shorten,
)
from backup_org_policy_manager.ports import PolicyRef
from backup_org_policy_manager.request import BACKUP_POLICY
from backup_org_policy_manager.retry import Retrier

__all__ = ["RETRYABLE_CODES", "Organizations"]

logger = logging.getLogger(__name__)

# Transient by AWS's own description; botocore retries none of the first four by itself.
RETRYABLE_CODES = frozenset(
    {
        "ConcurrentModificationException", "TooManyRequestsException",
        "PolicyChangesInProgressException", "FinalizingOrganizationException",
        "ServiceException", "Throttling", "ThrottlingException", "RequestLimitExceeded",
    }
)  # fmt: skip
_GONE = frozenset({"PolicyNotFoundException", "TargetNotFoundException"})
# What an SDK, endpoint or emulator without ListAccountsWithInvalidEffectivePolicy answers.
_MISSING_API = frozenset(
    {
        "UnknownOperationException", "InvalidAction", "NotImplementedException",
        "UnsupportedAPIEndpointException", "501", "500",
    }
)  # fmt: skip


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", "Unknown"))


def _detail(error: ClientError) -> str:
    reason = error.response.get("Reason")
    message = str(error.response.get("Error", {}).get("Message", ""))
    return shorten(f"{reason}: {message}" if reason else message, 100)


class Organizations:
    """``OrganizationsPort`` over a boto3 client built without botocore retries (ours apply)."""

    def __init__(self, client: Any, retrier: Retrier) -> None:
        self._client = client
        self.retrier = retrier

    def _call(self, operation: str, subject: str = "", **params: Any) -> dict[str, Any]:
        method = getattr(self._client, xform_name(operation))

        def once() -> dict[str, Any]:
            try:
                return dict(method(**params))
            except ClientError as error:
                code = _code(error)
                if code in RETRYABLE_CODES:
                    raise RetryableError(operation, code, subject) from None
                raise OrganizationsError(operation, code, _detail(error), subject) from None
            except (ConnectionError, HTTPClientError) as error:  # timeouts, resets
                raise RetryableError(operation, type(error).__name__, subject) from None

        return self.retrier.call(once, what=f"{subject or operation}")

    def _pages(self, operation: str, key: str, **params: Any) -> Iterator[dict[str, Any]]:
        token: str | None = None
        while True:
            page = self._call(operation, **params, **({"NextToken": token} if token else {}))
            yield from page.get(key, [])
            token = page.get("NextToken")
            if not token:
                return

    @staticmethod
    def _ref(summary: Mapping[str, Any]) -> PolicyRef:
        return PolicyRef(str(summary["Id"]), str(summary["Arn"]), str(summary["Name"]))

    def create_policy(
        self, name: str, description: str, content: str, tags: Mapping[str, str]
    ) -> PolicyRef | None:
        try:
            created = self._call(
                "CreatePolicy", "PolicyName", Name=name, Description=description,
                Content=content, Type=BACKUP_POLICY,
                Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
            )  # fmt: skip
        except OrganizationsError as error:
            if error.code == "DuplicatePolicyException":
                return None
            raise
        return self._ref(created["Policy"]["PolicySummary"])

    def find_policy(self, name: str) -> PolicyRef | None:
        for summary in self._pages("ListPolicies", "Policies", Filter=BACKUP_POLICY):
            if summary["Name"] == name:  # exact name, never a prefix
                return self._ref(summary)
        return None

    def update_policy(self, policy_id: str, description: str, content: str) -> PolicyRef:
        updated = self._call(
            "UpdatePolicy", "PolicyContent", PolicyId=policy_id, Description=description,
            Content=content,
        )  # fmt: skip
        return self._ref(updated["Policy"]["PolicySummary"])

    def delete_policy(self, policy_id: str) -> None:
        try:
            self._call("DeletePolicy", policy_id, PolicyId=policy_id)
        except OrganizationsError as error:
            if error.code != "PolicyNotFoundException":
                raise

    def list_tags(self, policy_id: str) -> dict[str, str] | None:
        try:
            tags = list(self._pages("ListTagsForResource", "Tags", ResourceId=policy_id))
        except OrganizationsError as error:
            if error.code in _GONE:
                return None
            raise
        return {str(tag["Key"]): str(tag["Value"]) for tag in tags}

    def tag_policy(self, policy_id: str, tags: Mapping[str, str]) -> None:
        pairs = [{"Key": k, "Value": v} for k, v in tags.items()]
        self._call("TagResource", "Tags", ResourceId=policy_id, Tags=pairs)

    def untag_policy(self, policy_id: str, keys: list[str]) -> None:
        self._call("UntagResource", "Tags", ResourceId=policy_id, TagKeys=keys)

    def list_targets(self, policy_id: str) -> frozenset[str]:
        targets = self._pages("ListTargetsForPolicy", "Targets", PolicyId=policy_id)
        return frozenset(str(target["TargetId"]) for target in targets)

    def attach(self, policy_id: str, target_id: str) -> bool:
        return self._on_target(
            "AttachPolicy", "DuplicatePolicyAttachmentException", policy_id, target_id
        )

    def detach(self, policy_id: str, target_id: str) -> bool:
        return self._on_target("DetachPolicy", "PolicyNotAttachedException", policy_id, target_id)

    def _on_target(self, operation: str, done_code: str, policy_id: str, target_id: str) -> bool:
        subject = f"PolicyTargets {target_id}"
        try:
            self._call(operation, subject, PolicyId=policy_id, TargetId=target_id)
        except OrganizationsError as error:
            if error.code == done_code:
                return False  # a retried call that had succeeded, or a CloudFormation retry
            raise TargetError(operation, error.code, error.detail, target_id) from None
        return True

    def ensure_policy_type_enabled(self, policy_type: str) -> bool:
        enabled_now = False
        for root in self._pages("ListRoots", "Roots"):
            statuses = {t["Type"]: t["Status"] for t in root.get("PolicyTypes", [])}
            if statuses.get(policy_type) in ("ENABLED", "PENDING_ENABLE"):
                continue
            logger.info("enabling %s on root %s", policy_type, root["Id"])
            try:
                self._call(
                    "EnablePolicyType", "PolicyType", RootId=root["Id"], PolicyType=policy_type
                )
            except OrganizationsError as error:
                if error.code != "PolicyTypeAlreadyEnabledException":
                    raise
            enabled_now = True
        return enabled_now

    def accounts_with_invalid_effective_policy(self, policy_type: str) -> list[str] | None:
        # Advisory only: one attempt, and any sign that the API is missing means "unknown".
        accounts: list[str] = []
        params: dict[str, Any] = {"PolicyType": policy_type}
        try:
            while True:
                page = self._client.list_accounts_with_invalid_effective_policy(**params)
                accounts.extend(str(account["Id"]) for account in page.get("Accounts", []))
                if not page.get("NextToken"):
                    return accounts
                params["NextToken"] = page["NextToken"]
        except ClientError as error:
            level = logging.INFO if _code(error) in _MISSING_API else logging.WARNING
            logger.log(level, "ListAccountsWithInvalidEffectivePolicy failed: %s", _code(error))
            return None
        # An older SDK lacks the method; the in-process emulator raises NotImplementedError.
        except (AttributeError, NotImplementedError, BotoCoreError) as error:
            logger.info("ListAccountsWithInvalidEffectivePolicy unavailable: %r", error)
            return None
