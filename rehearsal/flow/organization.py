"""Build the rehearsal's sample organization in the emulator and act as any of its accounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3

ROOT = "Root"
# OUs by path, parents first; the deepest sits three levels below the root.
OU_PATHS = (
    "Security",
    "Infrastructure",
    "Workloads",
    "Workloads/Prod",
    "Workloads/Prod/Critical",
    "Workloads/Dev",
    "Sandbox",
)
# Member accounts by name, and the OU path each sits in.
MEMBER_ACCOUNTS = {
    "central-backup": "Security",
    "home": "Infrastructure",
    "app-dev": "Workloads/Dev",
    "app-prod": "Workloads/Prod",
    "payments-db": "Workloads/Prod/Critical",
    "sandbox": "Sandbox",
}
MANAGEMENT = "management"
ACCESS_ROLE = "OrganizationAccountAccessRole"


@dataclass(frozen=True, slots=True)
class SampleOrganization:
    """Ids of everything built: the root, OUs by path, accounts by name."""

    root_id: str
    ou_ids: dict[str, str]
    account_ids: dict[str, str]
    account_paths: dict[str, str]

    def node_id(self, path: str) -> str:
        """The id of ``Root``, an OU path, or an account name."""
        if path == ROOT:
            return self.root_id
        return self.ou_ids.get(path) or self.account_ids[path]

    def accounts_in_tree_order(self) -> list[str]:
        return sorted(self.account_ids, key=lambda name: (self.account_paths[name], name))


def build(org: Any) -> SampleOrganization:
    """Create the organization, its OUs and member accounts with an Organizations client."""
    org.create_organization(FeatureSet="ALL")
    management_id = org.describe_organization()["Organization"]["MasterAccountId"]
    root_id = org.list_roots()["Roots"][0]["Id"]
    ou_ids: dict[str, str] = {}
    for path in OU_PATHS:
        parent, _, name = path.rpartition("/")
        parent_id = ou_ids[parent] if parent else root_id
        created = org.create_organizational_unit(ParentId=parent_id, Name=name)
        ou_ids[path] = created["OrganizationalUnit"]["Id"]
    account_ids = {MANAGEMENT: management_id}
    account_paths = {MANAGEMENT: ROOT}
    for name, path in MEMBER_ACCOUNTS.items():
        status = org.create_account(Email=f"{name}@example.com", AccountName=name)
        account_id = status["CreateAccountStatus"]["AccountId"]
        org.move_account(
            AccountId=account_id, SourceParentId=root_id, DestinationParentId=ou_ids[path]
        )
        account_ids[name] = account_id
        account_paths[name] = f"{ROOT}/{path}"
    return SampleOrganization(root_id, ou_ids, account_ids, account_paths)


def credentials_for(account_id: str, endpoint: str, session_name: str) -> dict[str, str]:
    """Environment-style credentials of the access role in ``account_id`` (moto maps them)."""
    sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1")
    role = f"arn:aws:iam::{account_id}:role/{ACCESS_ROLE}"
    found = sts.assume_role(RoleArn=role, RoleSessionName=session_name)["Credentials"]
    return {
        "AWS_ACCESS_KEY_ID": found["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": found["SecretAccessKey"],
        "AWS_SESSION_TOKEN": found["SessionToken"],
    }


def session_for(credentials: dict[str, str], region: str) -> boto3.Session:
    """A boto3 session acting with ``credentials`` in ``region``."""
    return boto3.Session(
        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=credentials["AWS_SESSION_TOKEN"],
        region_name=region,
    )
