"""ARNs: the shape of every setting that takes an ARN, and ``$account`` only where one is taken."""

from __future__ import annotations

import re
from collections.abc import Iterator

from backup_org_policy_manager.policy.issues import Issue, Path
from backup_org_policy_manager.policy.operators import is_operator, settings

__all__ = [
    "ARN_SETTINGS",
    "ROLE_ARN",
    "VAULT_ARN",
    "check_account_placeholder",
    "check_air_gapped_vault_arn",
    "check_resource_type_arns",
    "check_scanner_role_arn",
]

_PARTITION = r"arn:aws(?:-cn|-us-gov)?"
_REGION = r"(?:[a-z]{2}(?:-[a-z]+)+-[0-9]|\$region)"
_ACCOUNT = r"(?:[0-9]{12}|\$account)"
# Vault names: 2-50 letters, digits, hyphens and underscores.
# https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html
VAULT_ARN = re.compile(
    rf"{_PARTITION}:backup:{_REGION}:{_ACCOUNT}:backup-vault:[A-Za-z0-9_-]{{2,50}}"
)
ROLE_ARN = re.compile(rf"{_PARTITION}:iam::{_ACCOUNT}:role/[A-Za-z0-9+=,.@_/-]{{1,512}}")
_RESOURCE_ARN = re.compile(rf"\*|{_PARTITION}:[a-z0-9-]+:[^:\s]*:[^:\s]*:\S+")

# Settings whose values are ARNs (or ARN patterns); copy action keys are vault ARNs as well.
ARN_SETTINGS = frozenset(
    {
        "iam_role_arn",
        "target_backup_vault_arn",
        "target_logically_air_gapped_backup_vault_arn",
        "scanner_role_arn",
        "resource_types",
        "not_resource_types",
    }
)


def check_air_gapped_vault_arn(rule: object) -> Iterator[Issue]:
    """``target_logically_air_gapped_backup_vault_arn`` is a backup vault ARN.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-rules
    """
    yield from _check_arns(
        rule, "target_logically_air_gapped_backup_vault_arn", VAULT_ARN, "a backup vault ARN"
    )


def check_scanner_role_arn(scan_setting: object) -> Iterator[Issue]:
    """``scanner_role_arn`` is an IAM role ARN.

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#scan-settings
    """
    yield from _check_arns(scan_setting, "scanner_role_arn", ROLE_ARN, "an IAM role ARN")


def check_resource_type_arns(selection: object) -> Iterator[Issue]:
    """``resource_types`` and ``not_resource_types`` hold ARN patterns (or ``*``).

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-plan-selections
    """
    for key in ("resource_types", "not_resource_types"):
        yield from _check_arns(selection, key, _RESOURCE_ARN, "an ARN pattern")


def _check_arns(node: object, key: str, shape: re.Pattern[str], what: str) -> Iterator[Issue]:
    if not isinstance(node, dict):
        return
    for where, value in settings(node.get(key)):
        values = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in values:
            if isinstance(item, str) and not shape.fullmatch(item):
                path = (key, *where, index) if index is not None else (key,)
                yield Issue("P603", path, f"{key} {item!r} is not {what}")


def check_account_placeholder(document: object) -> Iterator[Issue]:
    """``$account`` appears only in values that take an ARN (and in copy action keys).

    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html
    """
    for path, text, is_key in _strings(document, ()):
        if "$account" not in text:
            continue
        names = [p for p in path if isinstance(p, str) and not is_operator(p)]
        if is_key and len(names) >= 2 and names[-2] == "copy_actions":
            continue
        if not is_key and names and names[-1] in ARN_SETTINGS:
            continue
        yield Issue("P604", path, "$account can only be used in a value that takes an ARN")


def _strings(node: object, path: Path) -> Iterator[tuple[Path, str, bool]]:
    """Every key and string value in ``node``: (path, text, whether the text is a key)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key), key, True
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))
    elif isinstance(node, str):
        yield path, node, False
