"""Drive ``Custom::BackupOrgPolicy`` (the packaged handler) through Create -> Update -> Delete
with CloudFormation-shaped events, and read back what the organization then holds.
"""

from __future__ import annotations

from typing import Any

from local.cfn import Outcome
from local.rehearsal.deployment import Deployed
from local.rehearsal.organization import SampleOrganization
from local.rehearsal.scenario import Names


def properties(
    name: str,
    file: str,
    targets: tuple[str, ...],
    regions: tuple[str, ...],
    context: tuple[SampleOrganization, Deployed, Names],
) -> dict[str, Any]:
    """The resource's properties as org-policies.yaml would pass them."""
    organization, deployed, names = context
    return {
        "PolicyName": name,
        "PolicyDescription": f"{file} from the artifact bucket",
        "PolicyContent": {
            "S3": {"Bucket": deployed.policy_bucket, "Key": deployed.policy_keys[file]}
        },
        "PolicyTargets": [organization.node_id(path) for path in targets],
        "PolicyRegions": list(regions),
        "Variables": {
            "${CentralVaultArn}": deployed.central_vault_arn,
            "${MemberVaultName}": names.member_vault,
            "${MemberBackupRoleName}": names.member_role,
        },
        "ManagementRoleArn": deployed.management_role_arn,
    }


def exchanges_table(outcome: Outcome) -> list[dict[str, Any]]:
    """Each request CloudFormation sent and what the handler answered."""
    return [
        {
            "phase": exchange.phase,
            "request": exchange.request_type,
            "status": exchange.status,
            "physical id": exchange.physical_resource_id,
            "reason": exchange.reason,
            "seconds": f"{exchange.duration_s:.2f}",
        }
        for exchange in outcome.exchanges
    ]


def attachments(org_client: Any, organization: SampleOrganization) -> dict[str, list[str]]:
    """Backup policy names attached to each node: ``Root``, an OU path or an account name."""
    paths = {organization.root_id: "Root"}
    paths.update({ou_id: path for path, ou_id in organization.ou_ids.items()})
    paths.update({acct_id: name for name, acct_id in organization.account_ids.items()})
    found: dict[str, list[str]] = {}
    pages = org_client.get_paginator("list_policies").paginate(Filter="BACKUP_POLICY")
    for policy in (p for page in pages for p in page["Policies"]):
        targets = org_client.get_paginator("list_targets_for_policy").paginate(
            PolicyId=policy["Id"]
        )
        for target in (t for page in targets for t in page["Targets"]):
            found.setdefault(paths[target["TargetId"]], []).append(policy["Name"])
    return found


def policy_names(org_client: Any) -> list[str]:
    pages = org_client.get_paginator("list_policies").paginate(Filter="BACKUP_POLICY")
    return sorted(p["Name"] for page in pages for p in page["Policies"])
