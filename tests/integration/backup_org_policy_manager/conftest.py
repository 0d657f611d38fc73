"""Fixtures for driving the real handler through the CloudFormation driver on the emulator."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.config import Config

# Before the import: the function reads its settings once. These tests are about the
# protocol and the final state, not pacing (test_pacing.py runs that on a virtual clock), so
# they must not wait a real second per request after the saved burst.
os.environ.setdefault("ORGANIZATIONS_REQUESTS_PER_SECOND", "100")

from backup_org_policy_manager import app
from backup_org_policy_manager.clients import clear_caches
from rehearsal.cfn import CfnDriver, DriverConfig, DriverFactory

BACKUP = "BACKUP_POLICY"


@dataclass
class Org:
    """A small emulated organization: the root, OUs and accounts the tests attach to."""

    client: Any
    root_id: str
    ous: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)

    def add_ous(self, count: int, prefix: str = "team") -> list[str]:
        made = [
            self.client.create_organizational_unit(ParentId=self.root_id, Name=f"{prefix}-{i}")[
                "OrganizationalUnit"
            ]["Id"]
            for i in range(count)
        ]
        self.ous.extend(made)
        return made

    def add_account(self, name: str) -> str:
        status = self.client.create_account(AccountName=name, Email=f"{name}@example.com")
        account_id = str(status["CreateAccountStatus"]["AccountId"])
        self.accounts.append(account_id)
        return account_id

    def policies(self) -> list[dict[str, Any]]:
        pages = self.client.get_paginator("list_policies").paginate(Filter=BACKUP)
        return [p for page in pages for p in page["Policies"]]

    def policy_named(self, name: str) -> dict[str, Any]:
        found = [p for p in self.policies() if p["Name"] == name]
        assert len(found) == 1, f"{len(found)} policies named {name}"
        return found[0]

    def targets(self, policy_id: str) -> set[str]:
        pages = self.client.get_paginator("list_targets_for_policy").paginate(PolicyId=policy_id)
        return {t["TargetId"] for page in pages for t in page["Targets"]}

    def tags(self, policy_id: str) -> dict[str, str]:
        pages = self.client.get_paginator("list_tags_for_resource").paginate(ResourceId=policy_id)
        return {t["Key"]: t["Value"] for page in pages for t in page["Tags"]}

    def content(self, policy_id: str) -> Any:
        return json.loads(self.client.describe_policy(PolicyId=policy_id)["Policy"]["Content"])

    def backup_enabled(self) -> bool:
        root = self.client.list_roots()["Roots"][0]
        return any(t["Type"] == BACKUP for t in root["PolicyTypes"])

    def snapshot(self) -> dict[str, Any]:
        """Every BACKUP_POLICY with its content, description, tags and targets, plus root types."""
        described = {}
        for summary in self.policies():
            policy = self.client.describe_policy(PolicyId=summary["Id"])["Policy"]
            described[summary["Id"]] = {
                "name": summary["Name"],
                "description": policy["PolicySummary"]["Description"],
                "content": policy["Content"],
                "tags": self.tags(summary["Id"]),
                "targets": sorted(self.targets(summary["Id"])),
            }
        return {"policies": described, "backup_enabled": self.backup_enabled()}


def make_org(backup_enabled: bool = False) -> Org:
    client = boto3.client("organizations", config=Config(retries={"total_max_attempts": 1}))
    client.create_organization(FeatureSet="ALL")
    root_id = client.list_roots()["Roots"][0]["Id"]
    if backup_enabled:
        client.enable_policy_type(RootId=root_id, PolicyType=BACKUP)
    return Org(client, root_id)


@pytest.fixture(autouse=True)
def _fresh_clients() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def org(aws: None) -> Org:
    """An organization with BACKUP_POLICY not yet enabled, three OUs and two accounts."""
    made = make_org()
    made.add_ous(3)
    made.add_account("alpha")
    made.add_account("beta")
    return made


@pytest.fixture
def org_calls(aws: None) -> Iterator[list[str]]:
    """Names of the Organizations API calls made by clients created during the test.

    Recorded with a botocore ``before-call`` hook on the default session (each attempt is
    its own call: the handler's client has botocore retries off).
    """
    boto3.setup_default_session()
    session = boto3.DEFAULT_SESSION
    assert session is not None
    calls: list[str] = []

    def record(model: Any, **_: Any) -> None:
        calls.append(str(model.name))

    session.events.register("before-call.organizations", record)
    clear_caches()  # clients made from now on carry the hook
    yield calls
    session.events.unregister("before-call.organizations", record)


@pytest.fixture
def stack(cfn_driver: DriverFactory) -> Callable[..., CfnDriver]:
    """Make a driver for the real handler (a new simulated stack each call)."""

    def make(**config: Any) -> CfnDriver:
        return cfn_driver(app.handler, DriverConfig(**config))

    return make
