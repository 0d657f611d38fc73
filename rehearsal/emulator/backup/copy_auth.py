"""Who may copy or restore a recovery point: the organization, the destination vault's access
policy and the KMS key policies, evaluated as AWS Backup evaluates them.

Each check returns AWS's status message for a denial, or None. AWS reports these denials on
the job (FAILED with a StatusMessage), not as an API error, because it runs them
asynchronously; the callers do the same. Sources of each rule and message:

- Same organization, else "Copy job failed. Both source and destination account must be a
  member of the same organization":
  https://repost.aws/knowledge-center/backup-troubleshoot-cross-account-copy
- Cross-account backup enabled by the management account (``UpdateGlobalSettings``
  ``isCrossAccountBackupEnabled``): https://docs.aws.amazon.com/aws-backup/latest/devguide/
  create-cross-account-backup.html. AWS publishes no message for this denial; the emulator's
  own wording says what to set.
- The destination vault's access policy allows ``backup:CopyIntoBackupVault`` for the source
  account (root ARN, account id, or ``*`` with ``aws:PrincipalOrgID``), else "Access Denied
  trying to call AWS Backup service":
  https://repost.aws/knowledge-center/backup-resolve-access-denied-error
- The recovery point's key: fully managed types are encrypted with the vault's key, others
  keep their resource's key; the latter cannot be an AWS managed key for a cross-account copy,
  and the key policy must let the destination account use it, else "Given key ID is not
  accessible" (EBS, EC2) or "The source snapshot KMS key does not exist, is not enabled or you
  do not have permissions to access it" (RDS family):
  https://repost.aws/knowledge-center/backup-cross-account-copy-error,
  https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
- The destination vault's key and a restore's key must be usable by AWS Backup for the
  destination (restoring) account; a denial is KMS's AccessDeniedException text:
  https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from moto.backup.models import backup_backends
from moto.kms.models import Key, kms_backends
from moto.organizations.models import organizations_backends

from rehearsal.emulator.backup.records import RecoveryPoint
from rehearsal.emulator.backup.resources import Arn, Scope
from rehearsal.emulator.iam_policy import Request, decide

__all__ = [
    "ACCESS_DENIED",
    "NOT_SAME_ORGANIZATION",
    "Organization",
    "copy_denial",
    "cross_account_backup_enabled",
    "organization_of",
    "point_key",
    "restore_denial",
]

NOT_SAME_ORGANIZATION = (
    "Copy job failed. Both source and destination account must be a member of the same organization"
)
ACCESS_DENIED = "Access Denied trying to call AWS Backup service"
CROSS_ACCOUNT_DISABLED = (
    "Copy job failed. Cross-account backup is not enabled for the organization "
    "(UpdateGlobalSettings isCrossAccountBackupEnabled=true in the management account)"
)
_EC2_KEY_DENIED = "Given key ID is not accessible"
_RDS_KEY_DENIED = (
    "The source snapshot KMS key does not exist, is not enabled or you do not have "
    "permissions to access it"
)
# The message of a source key the destination cannot use, by ResourceType.
SOURCE_KEY_DENIED: Mapping[str, str] = {
    "EBS": _EC2_KEY_DENIED,
    "EC2": _EC2_KEY_DENIED,
    "RDS": _RDS_KEY_DENIED,
    "Aurora": _RDS_KEY_DENIED,
    "DocumentDB": _RDS_KEY_DENIED,
    "Neptune": _RDS_KEY_DENIED,
}


@dataclass(frozen=True, slots=True)
class Organization:
    """The organization an account belongs to."""

    id: str
    management_account_id: str


def organization_of(account_id: str, partition: str = "aws") -> Organization | None:
    """The organization ``account_id`` is an active member (or the management account) of."""
    owner = organizations_backends.master_accounts.get(account_id)
    management = owner[0] if owner else account_id
    backend = organizations_backends[management][owner[1] if owner else partition]
    if backend.org is None:
        return None
    members = {account.id for account in backend.accounts if account.status == "ACTIVE"}
    if account_id not in members:
        return None
    return Organization(backend.org.id, management)


def cross_account_backup_enabled(organization: Organization, region: str) -> bool:
    """The management account's ``isCrossAccountBackupEnabled`` in ``region`` (default false)."""
    backend = backup_backends[organization.management_account_id][region]
    state = getattr(backend, "copy_state", None)
    settings: Mapping[str, str] = state.global_settings if state is not None else {}
    return settings.get("isCrossAccountBackupEnabled", "false").lower() == "true"


def _key(key_id: str, default_region: str, default_account: str) -> Key | None:
    """The KMS key an id, alias or ARN names (an ARN says its account and Region)."""
    region, account = default_region, default_account
    if key_id.startswith("arn:"):
        arn = Arn.parse(key_id)
        region, account = arn.region, arn.account_id
    backend = kms_backends[account][region]
    try:
        return backend.keys[backend.any_id_to_key_id(key_id)]
    except (KeyError, TypeError):
        return None


def _aws_managed(key: Key) -> bool:
    # moto creates aws/<service> keys on first use with KeyManager CUSTOMER; the alias tells.
    return key.key_manager == "AWS" or any(name.startswith("alias/aws/") for name in key.aliases)


# How a resource type records its own key: (is encrypted, key id or None for the AWS managed
# key, that AWS managed key's alias). Types absent here are treated as unencrypted.
_RESOURCE_KEYS: Mapping[str, Callable[[Mapping[str, str]], tuple[bool, str | None, str]]] = {
    "EBS": lambda m: (m.get("encrypted") == "true", m.get("kmsKeyId"), "alias/aws/ebs"),
    "DynamoDB": lambda m: (
        m.get("encryptionType") == "KMS",
        m.get("kmsMasterKeyArn"),
        "alias/aws/dynamodb",
    ),
}


@dataclass(frozen=True, slots=True)
class PointKey:
    """The key that encrypts a recovery point: its ARN (None: unencrypted), whether AWS
    manages it, whether it is the source resource's own key (not a vault's), and whether it
    no longer exists."""

    arn: str | None
    aws_managed: bool = False
    resource_key: bool = False
    missing: bool = False


def point_key(point: RecoveryPoint, scope: Scope, fully_managed: bool, copied: bool) -> PointKey:
    """The key of ``point`` in ``scope``: the vault's for fully managed types and for copies
    (AWS Backup encrypts a copy with the destination vault's key); else the resource's own.

    https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
    """
    resource_key = not (fully_managed or copied)
    if not resource_key:
        key_id: str | None = point.encryption_key_arn
    else:
        read = _RESOURCE_KEYS.get(point.resource_type)
        if read is None:
            return PointKey(None)
        encrypted, key_id, alias = read(point.source.restore_metadata)
        if not encrypted:
            return PointKey(None)
        key_id = key_id or alias or None
    if not key_id:
        return PointKey(None)
    key = _key(key_id, scope.region, scope.account_id)
    if key is None:
        return PointKey(key_id, resource_key=resource_key, missing=True)
    return PointKey(key.arn, _aws_managed(key), resource_key)


def _service_role(account_id: str, partition: str) -> str:
    # AWS Backup calls KMS through its service-linked role in the account it works for.
    return (
        f"arn:{partition}:iam::{account_id}:role/aws-service-role/backup.amazonaws.com/"
        "AWSServiceRoleForBackup"
    )


def _key_denial(
    key_arn: str, principal: str, actions: tuple[str, ...], org: Organization | None
) -> str | None:
    """KMS's AccessDeniedException text for the first of ``actions`` the key policy refuses
    ``principal`` through AWS Backup in the key's Region, or None."""
    arn = Arn.parse(key_arn)
    key = kms_backends[arn.account_id][arn.region].keys.get(arn.resource_id)
    if key is None or key.key_state != "Enabled":
        return f"Key '{key_arn}' does not exist or is not enabled"
    caller_account = principal.split(":")[4]
    context: dict[str, tuple[str, ...]] = {
        "kms:ViaService": (f"backup.{arn.region}.amazonaws.com",),
        "kms:CallerAccount": (caller_account,),
        "aws:PrincipalAccount": (caller_account,),
        "aws:PrincipalArn": (principal,),
    }
    if org is not None:
        context["aws:PrincipalOrgID"] = (org.id,)
    for action in actions:
        grant = {"kms:GrantIsForAWSResource": ("true",)} if action == "kms:CreateGrant" else {}
        decision = decide([key.policy], Request(principal, action, key_arn, context | grant))
        if decision == "ExplicitDeny":
            return (
                f"User: {principal} is not authorized to perform: {action} on resource: "
                f"{key_arn} with an explicit deny in a resource-based policy"
            )
        if decision == "ImplicitDeny":
            return (
                f"User: {principal} is not authorized to perform: {action} on resource: "
                f"{key_arn} because no resource-based policy allows the {action} action"
            )
    return None


_SOURCE_KEY_ACTIONS = ("kms:DescribeKey", "kms:Decrypt", "kms:CreateGrant")
_DESTINATION_KEY_ACTIONS = ("kms:DescribeKey", "kms:GenerateDataKey", "kms:CreateGrant")


@dataclass(frozen=True, slots=True)
class CopyRequest:
    """One copy: the recovery point and its key, who asks, and the destination vault."""

    point: RecoveryPoint
    key: PointKey
    source: Scope
    iam_role_arn: str
    destination: Scope
    destination_vault_arn: str
    destination_key_arn: str | None
    destination_access_policy: str | None


def copy_denial(copy: CopyRequest) -> str | None:
    """AWS's StatusMessage for a copy AWS Backup would refuse, or None when it may run."""
    cross_account = copy.source.account_id != copy.destination.account_id
    org = organization_of(copy.source.account_id, copy.source.partition)
    key_denied = SOURCE_KEY_DENIED.get(copy.point.resource_type, _EC2_KEY_DENIED)
    if cross_account:
        if org is None or organization_of(copy.destination.account_id) != org:
            return NOT_SAME_ORGANIZATION
        if not cross_account_backup_enabled(org, copy.source.region):
            return CROSS_ACCOUNT_DISABLED
        context = {
            "aws:PrincipalOrgID": (org.id,),
            "aws:PrincipalAccount": (copy.source.account_id,),
            "aws:PrincipalArn": (copy.iam_role_arn,),
        }
        asked = Request(
            copy.iam_role_arn, "backup:CopyIntoBackupVault", copy.destination_vault_arn, context
        )
        if decide([copy.destination_access_policy], asked) != "Allow":
            return ACCESS_DENIED
    if copy.key.missing:
        return key_denied
    if copy.key.arn is not None and cross_account:
        if copy.key.aws_managed and copy.key.resource_key:
            # A resource's AWS managed key cannot be shared with another account.
            return key_denied
        if copy.key.aws_managed:
            # A vault's AWS managed key: AWS Backup re-encrypts the copy itself.
            return _destination_key_denial(copy, org)
        destination_role = _service_role(copy.destination.account_id, copy.source.partition)
        if _key_denial(copy.key.arn, destination_role, _SOURCE_KEY_ACTIONS, org):
            return key_denied
    return _destination_key_denial(copy, org)


def _destination_key_denial(copy: CopyRequest, org: Organization | None) -> str | None:
    if not copy.destination_key_arn:
        return None
    role = _service_role(copy.destination.account_id, copy.destination.partition)
    return _key_denial(copy.destination_key_arn, role, _DESTINATION_KEY_ACTIONS, org)


def restore_denial(key: PointKey, iam_role_arn: str, scope: Scope) -> str | None:
    """KMS's message when the key policy of the recovery point's key refuses the restore role
    (``kms:Decrypt``, ``kms:CreateGrant`` through AWS Backup), or None."""
    if key.arn is None:
        return None
    if key.missing:
        return f"Key '{key.arn}' does not exist or is not enabled"
    org = organization_of(scope.account_id, scope.partition)
    return _key_denial(key.arn, iam_role_arn, ("kms:Decrypt", "kms:CreateGrant"), org)
