"""Names AWS compares without regard to case must differ by more than case in one object."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.identifiers import fold
from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.operators import children

__all__ = ["check_case_duplicates"]


def check_case_duplicates(container: object) -> Iterator[Issue]:
    """No two plan, rule or selection names, copy action keys or tag identifiers differ only
    in case.

    AWS treats them as one name (``Hourly`` is ``hourly``), so one would silently merge into
    the other. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
    """
    first: dict[str, str] = {}
    for name, _ in children(container):
        seen = first.setdefault(fold(name), name)
        if seen != name:
            message = f"{name!r} and {seen!r} differ only in case; AWS treats them as one name"
            yield Issue("P112", (name,), message)
