"""The Organizations edge and lifecycle without crhelper: repeated requests give the same
result; the advisory ListAccountsWithInvalidEffectivePolicy check never fails a request.

The emulator lacks ListAccountsWithInvalidEffectivePolicy; its positive path uses botocore's
Stubber on that one client, as noted in each test that does.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ReadTimeoutError
from botocore.stub import Stubber

from backup_org_policy_manager import lifecycle
from backup_org_policy_manager.errors import DeadlineExceededError
from backup_org_policy_manager.organizations import Organizations
from backup_org_policy_manager.request import Owner, PolicyRequest
from backup_org_policy_manager.retry import Retrier
from rehearsal.emulator.faults import Fault, injected
from rehearsal.emulator.organizations import effective_policy_checker, set_effective_policy_checker
from tests.integration.backup_org_policy_manager.conftest import Org
from tests.integration.backup_org_policy_manager.policies import properties

OWNER = Owner("arn:aws:cloudformation:us-east-1:123456789012:stack/s/1", "Daily")


def _edge(client: Any = None, deadline: float = 1e12) -> Organizations:
    client = client or boto3.client(
        "organizations", config=Config(retries={"total_max_attempts": 1})
    )
    return Organizations(client, Retrier(deadline, sleeper=lambda s: None))


def _request(targets: list[str], **overrides: Any) -> PolicyRequest:
    return PolicyRequest.from_properties(properties(targets, **overrides), OWNER)


def _no_s3(location: object) -> str:
    raise AssertionError("no S3 content in these tests")


def test_the_same_create_update_and_delete_twice_give_the_same_state(org: Org) -> None:
    edge = _edge()
    first = lifecycle.create(_request(org.ous[:2]), edge, read_object=_no_s3)
    state = org.snapshot()
    again = lifecycle.create(_request(org.ous[:2]), edge, read_object=_no_s3)
    assert again == first
    assert org.snapshot() == state

    old = properties(org.ous[:2])
    new = _request(org.ous[1:], PolicyDescription="v2")
    updated = lifecycle.update(new, old, first.policy_id, edge, read_object=_no_s3)
    state = org.snapshot()
    assert lifecycle.update(new, old, first.policy_id, edge, read_object=_no_s3) == updated
    assert org.snapshot() == state
    assert org.targets(first.policy_id) == set(org.ous[1:])

    lifecycle.delete(first.policy_id, OWNER, edge)
    lifecycle.delete(first.policy_id, OWNER, edge)
    assert org.policies() == []


def test_update_of_a_policy_deleted_behind_our_back_recreates_it(org: Org) -> None:
    edge = _edge()
    first = lifecycle.create(_request([org.ous[0]]), edge, read_object=_no_s3)
    org.client.detach_policy(PolicyId=first.policy_id, TargetId=org.ous[0])
    org.client.delete_policy(PolicyId=first.policy_id)
    again = lifecycle.update(
        _request([org.ous[0]]), properties([org.ous[0]]), first.policy_id, edge, read_object=_no_s3
    )
    assert again.policy_id != first.policy_id  # CloudFormation sees a replacement
    assert org.targets(again.policy_id) == {org.ous[0]}


def test_a_failed_replacement_removes_the_policy_it_created(org: Org) -> None:
    edge = _edge()
    first = lifecycle.create(_request([org.ous[0]]), edge, read_object=_no_s3)
    renamed = _request([org.ous[0], "ou-zzzz-zzzzzzzz"], PolicyName="renamed")
    with pytest.raises(Exception, match="PolicyTargets ou-zzzz-zzzzzzzz: AttachPolicy failed"):
        lifecycle.update(
            renamed, properties([org.ous[0]]), first.policy_id, edge, read_object=_no_s3
        )
    assert [p["Name"] for p in org.policies()] == ["org-daily"]


def test_timeouts_are_retried_like_throttling(org: Org) -> None:
    client = boto3.client("organizations", config=Config(retries={"total_max_attempts": 1}))
    calls: list[int] = []

    def time_out_twice(**kwargs: Any) -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise ReadTimeoutError(endpoint_url="https://organizations")

    client.meta.events.register("before-send.organizations.ListRoots", time_out_twice)
    assert _edge(client).ensure_policy_type_enabled("BACKUP_POLICY") is True
    assert len(calls) == 3
    assert org.backup_enabled()


def test_retries_give_up_at_the_deadline(org: Org) -> None:
    import time

    edge = _edge(deadline=time.monotonic() + 0.5)
    throttled = Fault("organizations", frozenset({"ListRoots"}), "TooManyRequestsException")
    with injected(throttled), pytest.raises(DeadlineExceededError, match="ListRoots failed"):
        edge.ensure_policy_type_enabled("BACKUP_POLICY")


def test_invalid_effective_policy_accounts_are_reported_when_the_api_answers() -> None:
    """Stubber on this one client: the emulator does not implement the call."""
    client = boto3.client("organizations", region_name="us-east-1")
    with Stubber(client) as stub:
        stub.add_response(
            "list_accounts_with_invalid_effective_policy",
            {"Accounts": [{"Id": "111111111111"}], "PolicyType": "BACKUP_POLICY", "NextToken": "t"},
            {"PolicyType": "BACKUP_POLICY"},
        )
        stub.add_response(
            "list_accounts_with_invalid_effective_policy",
            {"Accounts": [{"Id": "222222222222"}], "PolicyType": "BACKUP_POLICY"},
            {"PolicyType": "BACKUP_POLICY", "NextToken": "t"},
        )
        found = _edge(client).accounts_with_invalid_effective_policy("BACKUP_POLICY")
    assert found == ["111111111111", "222222222222"]


@pytest.mark.parametrize("code", ["UnknownOperationException", "AccessDeniedException"])
def test_invalid_effective_policy_check_never_fails(code: str) -> None:
    """Stubber on this one client, answering the errors a missing or denied API gives."""
    client = boto3.client("organizations", region_name="us-east-1")
    with Stubber(client) as stub:
        stub.add_client_error("list_accounts_with_invalid_effective_policy", code)
        assert _edge(client).accounts_with_invalid_effective_policy("BACKUP_POLICY") is None


def test_invalid_effective_policy_check_without_the_api_in_the_sdk() -> None:
    class OldSdkClient:  # an older boto3 in the Lambda runtime has no such method
        pass

    assert _edge(OldSdkClient()).accounts_with_invalid_effective_policy("BACKUP_POLICY") is None


INCOMPLETE = json.dumps({"plans": {"Daily": {"regions": {"@@assign": ["eu-west-1"]}}}})


def _attach_incomplete_policy(org: Org) -> None:
    org.client.enable_policy_type(RootId=org.root_id, PolicyType="BACKUP_POLICY")
    created = org.client.create_policy(
        Name="partial", Type="BACKUP_POLICY", Content=INCOMPLETE, Description=""
    )
    org.client.attach_policy(
        PolicyId=created["Policy"]["PolicySummary"]["Id"], TargetId=org.root_id
    )


def test_invalid_effective_policy_check_lists_accounts_from_the_emulator(org: Org) -> None:
    member = org.add_account("broken")
    assert _edge().accounts_with_invalid_effective_policy("BACKUP_POLICY") == []
    _attach_incomplete_policy(org)
    assert member in (_edge().accounts_with_invalid_effective_policy("BACKUP_POLICY") or [])


def test_invalid_effective_policy_check_without_the_api_is_unknown(org: Org) -> None:
    """With the emulator's checker unwired the call answers 501, as a missing API would."""
    _attach_incomplete_policy(org)
    previous = effective_policy_checker("BACKUP_POLICY")
    set_effective_policy_checker(None)
    try:
        assert _edge().accounts_with_invalid_effective_policy("BACKUP_POLICY") is None
    finally:
        set_effective_policy_checker(previous)


def test_lifecycle_counts_accounts_with_an_invalid_effective_policy(org: Org) -> None:
    """Stubber for ListAccountsWithInvalidEffectivePolicy only; the rest is the emulator."""
    stubbed = boto3.client("organizations", config=Config(retries={"total_max_attempts": 1}))
    client = boto3.client("organizations", config=Config(retries={"total_max_attempts": 1}))
    client.list_accounts_with_invalid_effective_policy = (
        stubbed.list_accounts_with_invalid_effective_policy
    )
    counted: dict[str, int] = {}
    with Stubber(stubbed) as stub:
        stub.add_response(
            "list_accounts_with_invalid_effective_policy",
            {"Accounts": [{"Id": org.accounts[0]}]},
            {"PolicyType": "BACKUP_POLICY"},
        )
        lifecycle.create(
            _request([org.ous[0]]), _edge(client), read_object=_no_s3,
            count=lambda name, value: counted.__setitem__(name, value),
        )  # fmt: skip
        stub.assert_no_pending_responses()
    assert counted["AccountsWithInvalidEffectivePolicy"] == 1
    assert counted["TargetsAttached"] == 1
