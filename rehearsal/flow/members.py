"""What the member StackSet gave each account and Region, read back through the services' APIs:
the instance (named ``StackSet-<set>-<uuid>``), then the vault, its key, the backup role, the
TagOnRestore function and the Region's resource-type opt-in that its stack's outputs name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rehearsal.flow.accounts import Accounts

__all__ = ["INSTANCE_NAME", "MemberInstance", "read_instance", "stack_set_instances"]

# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html
INSTANCE_NAME = re.compile(r"^StackSet-(?P<set>.+)-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")


@dataclass(frozen=True, slots=True)
class MemberInstance:
    """One instance, and what each part of its stack looks like through the service APIs."""

    account: str
    region: str
    status: str
    stack_name: str
    vault: str
    vault_encrypted_with_stack_key: bool
    key_rotation: bool
    role: str
    function_runtime: str
    opted_in: tuple[str, ...]

    def row(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "Region": self.region,
            "status": self.status,
            "stack": self.stack_name,
            "vault": self.vault,
            "key rotation": self.key_rotation,
            "role": self.role,
            "TagOnRestore": self.function_runtime,
            "opted in": len(self.opted_in),
        }


def stack_set_instances(cloudformation: Any, stack_set: str) -> list[dict[str, Any]]:
    """Every instance of a service-managed set, as the delegated administrator lists them."""
    paginator = cloudformation.get_paginator("list_stack_instances")
    pages = paginator.paginate(StackSetName=stack_set, CallAs="DELEGATED_ADMIN")
    return [instance for page in pages for instance in page["Summaries"]]


def _outputs(stack: dict[str, Any]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def read_instance(accounts: Accounts, summary: dict[str, Any]) -> MemberInstance:
    """Read one instance's resources in its own account and Region."""
    account, region = summary["Account"], summary["Region"]
    stack_id = summary.get("StackId", "")
    stack_name = stack_id.split("/")[1] if "/" in stack_id else ""

    def client(service: str) -> Any:
        return accounts.client(account, service, region)

    stack = client("cloudformation").describe_stacks(StackName=stack_id)["Stacks"][0]
    outputs = _outputs(stack)
    vault = client("backup").describe_backup_vault(BackupVaultName=outputs["MemberVaultName"])
    kms = client("kms")
    key_id = outputs["VaultKeyArn"]
    rotation = bool(kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"])
    role = client("iam").get_role(RoleName=outputs["BackupServiceRoleName"])["Role"]
    function = client("lambda").get_function(FunctionName=outputs["TagOnRestoreFunctionArn"])
    settings = client("backup").describe_region_settings()
    opted = sorted(k for k, v in settings["ResourceTypeOptInPreference"].items() if v)
    return MemberInstance(
        account,
        region,
        str(summary["Status"]),
        stack_name,
        str(vault["BackupVaultName"]),
        vault.get("EncryptionKeyArn") == key_id,
        rotation,
        str(role["RoleName"]),
        str(function["Configuration"]["Runtime"]),
        tuple(opted),
    )


def expected_placements(accounts: Sequence[str], regions: Sequence[str]) -> list[tuple[str, str]]:
    """Every (account, Region) pair, sorted, as the instances should cover them."""
    return sorted((account, region) for account in accounts for region in regions)
