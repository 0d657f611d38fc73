"""Size: a backup policy holds at most 10,000 characters once minified."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.parse import minify

__all__ = ["MAX_CHARACTERS", "check_size"]

MAX_CHARACTERS = 10_000


def check_size(document: object) -> Iterator[Issue]:
    """The minified document fits AWS Organizations' 10,000-character limit for backup policies.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
    """
    size = len(minify(document))
    if size > MAX_CHARACTERS:
        message = f"the policy is {size:,} characters minified; AWS allows {MAX_CHARACTERS:,}"
        yield Issue("P901", (), message)
