"""An emulated organization shaped like a deployment configuration, with every prerequisite met.

The emulator makes its own ids (organization, OUs, accounts), so the configuration is rewritten
to them: each OU and account the configuration names gets an emulated counterpart, every
occurrence of its id in the file (``parameters:`` included) is replaced, and each target OU gets
one workload account so its StackSet instances have somewhere to go. The prerequisites are the
ones ``orgbackup.deploy.preflight`` checks (docs/deployment.md, section 1).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from orgbackup.deploy.preflight import BACKUP_PRINCIPAL, STACKSETS_PRINCIPAL

__all__ = ["EmulatedOrganization", "emulate_organization"]

POLICY_TYPES = ("BACKUP_POLICY", "SERVICE_CONTROL_POLICY")


@dataclass(frozen=True, slots=True)
class EmulatedOrganization:
    """The configuration rewritten to emulated ids, and what was created."""

    config: dict[str, Any]
    ids: dict[str, str]  # configured id -> emulated id
    root_id: str
    workload_accounts: dict[str, str]  # emulated OU id -> the workload account created in it


def _rewrite(data: Any, ids: Mapping[str, str]) -> Any:
    text = json.dumps(data)
    for configured, emulated in sorted(ids.items(), key=lambda item: -len(item[0])):
        text = text.replace(configured, emulated)
    return json.loads(text)


def _account(org: Any, name: str, parent: str, root: str) -> str:
    status = org.create_account(Email=f"{name}@example.com", AccountName=name)
    account = str(status["CreateAccountStatus"]["AccountId"])
    if parent != root:
        org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=parent)
    return account


def emulate_organization(data: Mapping[str, Any], clients: Any) -> EmulatedOrganization:
    """Create the organization ``data`` (a parsed configuration file) describes.

    ``clients(service, region)`` returns clients of the emulator with the credentials of the
    account that becomes the management account.
    """
    config: dict[str, Any] = copy.deepcopy(dict(data))
    org = clients("organizations", config["home"]["region"])
    described = org.create_organization(FeatureSet="ALL")["Organization"]
    root = str(org.list_roots()["Roots"][0]["Id"])
    for policy_type in POLICY_TYPES:
        org.enable_policy_type(RootId=root, PolicyType=policy_type)
    ids = {
        config["organization"]["id"]: str(described["Id"]),
        config["organization"]["management_account"]: str(described["MasterAccountId"]),
    }
    ous = [*config["organization"]["target_ous"], config["central"]["ou"]]
    for configured in dict.fromkeys(ous):
        if configured.startswith("r-"):
            ids[configured] = root
        else:
            created = org.create_organizational_unit(ParentId=root, Name=configured)
            ids[configured] = str(created["OrganizationalUnit"]["Id"])
    ids[config["central"]["account"]] = _account(org, "central", ids[config["central"]["ou"]], root)
    ids[config["home"]["account"]] = _account(org, "home", root, root)
    workloads = {}
    for index, configured in enumerate(config["organization"]["target_ous"], 1):
        workloads[ids[configured]] = _account(org, f"workload-{index}", ids[configured], root)
    home = ids[config["home"]["account"]]
    for principal in (STACKSETS_PRINCIPAL, BACKUP_PRINCIPAL):
        org.enable_aws_service_access(ServicePrincipal=principal)
        org.register_delegated_administrator(AccountId=home, ServicePrincipal=principal)
    for region in dict.fromkeys((config["central"]["region"], *config["target_regions"])):
        clients("backup", region).update_global_settings(
            GlobalSettings={"isCrossAccountBackupEnabled": "true"}
        )
    return EmulatedOrganization(_rewrite(config, ids), ids, root, workloads)
