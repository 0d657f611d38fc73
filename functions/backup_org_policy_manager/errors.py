"""Errors of BackupOrgPolicyManager; ``str(error)`` is the CloudFormation ``Reason``."""

from __future__ import annotations

from collections.abc import Sequence

from backup_org_policy_manager.policy import Issue, PolicyValidationError

__all__ = [
    "MAX_REASON",
    "ConfigurationError",
    "DeadlineExceededError",
    "InvalidPropertyError",
    "NotOwnedError",
    "OrganizationsError",
    "PolicyContentError",
    "PolicyManagerError",
    "RetryableError",
    "TargetError",
    "TimeBudgetError",
    "failed_create_id",
    "shorten",
]

# crhelper keeps only the last 240 characters of a longer Reason, which would cut off the
# field name at its start; we shorten at the end ourselves.
MAX_REASON = 255
_ELLIPSIS = "…"


def shorten(text: str, limit: int = MAX_REASON) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + _ELLIPSIS


class PolicyManagerError(Exception):
    """Base of every error this function raises on purpose; the message is the Reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(shorten(reason))


class ConfigurationError(PolicyManagerError):
    """Raised when an environment variable of the function is not valid; names it and its value."""

    def __init__(self, variable: str, value: str, problem: str) -> None:
        self.variable, self.value = variable, value
        super().__init__(
            f"{variable}: {value[:40]!r} {problem} (environment variable of the function)"
        )


def failed_create_id(logical_resource_id: str, request_id: str) -> str:
    """The PhysicalResourceId of a Create that failed before any policy existed.

    Stable for one request, non-empty, at most 1 KB, and never a policy id, so the Delete
    CloudFormation sends after the failed Create succeeds without touching anything.
    crhelper would answer an empty id after ``init_failure``, or invent a random one.
    """
    return f"{logical_resource_id[:255]}-not-created-{request_id[:128]}"


class InvalidPropertyError(PolicyManagerError):
    """Raised when a resource property is missing or wrong; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class PolicyContentError(InvalidPropertyError):
    """Raised when the policy document cannot be rendered or fails validation."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = tuple(issues)
        self.field = "PolicyContent"
        limit = MAX_REASON - len(self.field) - 1
        reason = PolicyValidationError(self.issues).reason(limit=limit)
        PolicyManagerError.__init__(self, f"{self.field} {reason}")


class NotOwnedError(PolicyManagerError):
    """Raised instead of touching a policy that lacks this resource's ownership tags."""

    def __init__(self, policy_id: str, field: str = "PhysicalResourceId") -> None:
        self.policy_id = policy_id
        super().__init__(
            f"{field}: policy {policy_id} is not owned by this stack and logical id "
            "(ownership tags missing or different); refusing to change it"
        )


class OrganizationsError(PolicyManagerError):
    """Raised when an Organizations call fails for good; ``code`` is the AWS error code."""

    def __init__(self, operation: str, code: str, detail: str = "", subject: str = "") -> None:
        self.operation, self.code, self.detail, self.subject = operation, code, detail, subject
        where = f"{subject}: " if subject else ""
        super().__init__(f"{where}{operation} failed: {code}" + (f" ({detail})" if detail else ""))


class TargetError(OrganizationsError):
    """Raised when attaching or detaching one target fails for good; names the target."""

    def __init__(self, operation: str, code: str, detail: str, target_id: str) -> None:
        self.target_id = target_id
        super().__init__(operation, code, detail, subject=f"PolicyTargets {target_id}")


class RetryableError(PolicyManagerError):
    """Raised by the Organizations edge for a transient failure that ``retry`` may repeat."""

    def __init__(self, operation: str, code: str, subject: str = "") -> None:
        self.operation, self.code, self.subject = operation, code, subject
        super().__init__(f"{subject + ': ' if subject else ''}{operation} failed: {code}")


class DeadlineExceededError(PolicyManagerError):
    """Raised when retrying would run past the time left before the Lambda timeout."""


class TimeBudgetError(PolicyManagerError):
    """Raised before any write when the work cannot finish within the custom resource's time."""
