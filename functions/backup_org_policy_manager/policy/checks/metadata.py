"""What AWS Organizations accepts for a backup policy object besides its content: the
policy's name and description (CreatePolicy / UpdatePolicy)."""

from __future__ import annotations

from backup_org_policy_manager.policy.issues import Issue

__all__ = ["MAX_DESCRIPTION", "MAX_NAME", "policy_metadata_issues"]

MAX_NAME = 128
MAX_DESCRIPTION = 512


def policy_metadata_issues(name: str, description: str | None = None) -> list[Issue]:
    """Issues with a policy's ``Name`` (1-128 characters) and ``Description`` (0-512).

    Paths are ``("PolicyName",)`` and ``("PolicyDescription",)``, the custom resource's
    property names. https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
    """
    issues = []
    if not 1 <= len(name) <= MAX_NAME:
        message = f"a policy name must be 1-{MAX_NAME} characters, not {len(name)}"
        issues.append(Issue("P902", ("PolicyName",), message))
    if description is not None and len(description) > MAX_DESCRIPTION:
        message = (
            f"a policy description must be at most {MAX_DESCRIPTION} characters, "
            f"not {len(description)}"
        )
        issues.append(Issue("P903", ("PolicyDescription",), message))
    return issues
