"""Copy actions: at most five per rule, keyed by the destination vault ARN they target."""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.checks.arns import VAULT_ARN
from backup_org_policy_manager.policy.checks.common import is_complete_plan, named
from backup_org_policy_manager.policy.checks.placeholders import PLACEHOLDER
from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.operators import assigned, children

__all__ = ["check_copy_actions", "check_copy_targets_present"]

MAX_COPY_ACTIONS = 5
_TARGET = "target_backup_vault_arn"


def check_copy_actions(copy_actions: object) -> Iterator[Issue]:
    """At most 5 copy actions; each key is a concrete vault ARN equal to its target.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-rules
    """
    entries = list(children(copy_actions))
    if len(entries) > MAX_COPY_ACTIONS:
        message = f"a rule may have at most {MAX_COPY_ACTIONS} copy actions, not {len(entries)}"
        yield Issue("P401", (), message)
    for key, action in entries:
        if PLACEHOLDER.search(key):
            continue  # an unset ${Variable}, reported once by the placeholder check
        if "$region" in key:
            # AWS does not expand $region in copy action keys; cross-Region copies need
            # the destination Region written out.
            yield Issue("P404", (key,), "a copy action key cannot use $region; name the Region")
        elif not VAULT_ARN.fullmatch(key):
            yield Issue("P402", (key,), f"copy action key {key!r} is not a backup vault ARN")
            continue
        target = assigned(action.get(_TARGET)) if isinstance(action, dict) else None
        if isinstance(target, str) and target != key:
            message = f"{_TARGET} {target!r} differs from the copy action key {key!r}"
            yield Issue("P403", (key, _TARGET), message)


def check_copy_targets_present(plan: object) -> Iterator[Issue]:
    """Each copy action of a complete plan names its ``target_backup_vault_arn``.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-rules
    """
    if not is_complete_plan(plan):
        return
    for rule_name, rule in named(plan, "rules"):
        for key, action in named(rule, "copy_actions"):
            if isinstance(action, dict) and _TARGET not in action:
                path = ("rules", rule_name, "copy_actions", key)
                yield Issue("P405", path, f"copy action {key!r} needs {_TARGET}")
