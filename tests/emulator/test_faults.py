"""Fault injection through real boto3 clients, in-process and against the loopback server:
matching by service, operation and parameters, rate with a seed, times, and what boto3 sees.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.core.responses import BaseResponse

from rehearsal.emulator import faults
from rehearsal.emulator.faults import FAULTS, ORGANIZATIONS_WRITES, Fault, FaultInjector, injected

NO_RETRIES = Config(retries={"total_max_attempts": 1})
ORGS = "organizations"


def organizations(config: Config = NO_RETRIES) -> Any:
    return boto3.client(ORGS, config=config)


def outcome(call: Callable[[], object]) -> str:
    """``ok`` or the error code the call failed with."""
    try:
        call()
    except ClientError as error:
        return str(error.response["Error"]["Code"])
    return "ok"


def create_policy(client: Any, name: str) -> Callable[[], object]:
    return lambda: client.create_policy(
        Name=name, Type="SERVICE_CONTROL_POLICY", Content="{}", Description=""
    )


def policy_names(client: Any) -> list[str]:
    listed = client.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
    return sorted(p["Name"] for p in listed if not p["AwsManaged"])


@pytest.fixture(params=["aws", "emulator_endpoint"], ids=["in-process", "server"])
def emulator(request: pytest.FixtureRequest) -> str:
    """Each test using this runs once under mock_aws and once against the loopback server."""
    request.getfixturevalue(request.param)
    return str(request.param)


@pytest.fixture
def org(emulator: str) -> Any:
    client = organizations()
    client.create_organization(FeatureSet="ALL")
    return client


def test_write_faults_fail_writes_and_let_reads_through(org: Any) -> None:
    fault = Fault(ORGS, ORGANIZATIONS_WRITES, "ConcurrentModificationException")
    with injected(fault) as active:
        assert outcome(create_policy(org, "a")) == "ConcurrentModificationException"
        assert outcome(lambda: org.list_roots()) == "ok"
        assert policy_names(org) == []
        assert active.count(ORGS, "CreatePolicy") == 1
        assert active.count(ORGS) == 1
    assert outcome(create_policy(org, "a")) == "ok"
    assert policy_names(org) == ["a"]
    assert FAULTS.count(ORGS) == 0  # cleared on exit


@pytest.mark.parametrize(
    "error_code",
    [
        "ConcurrentModificationException",
        "TooManyRequestsException",
        "PolicyChangesInProgressException",
        "ThrottlingException",  # not in the Organizations model; still reaches boto3
    ],
)
def test_organizations_errors_reach_boto3_as_client_errors(org: Any, error_code: str) -> None:
    fault = Fault(ORGS, frozenset({"ListRoots"}), error_code, message="slow down")
    with injected(fault), pytest.raises(ClientError) as raised:
        org.list_roots()
    response = raised.value.response
    assert (response["Error"]["Code"], response["Error"]["Message"]) == (error_code, "slow down")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    # Modelled codes come back as boto3's own exception class, the rest as plain ClientError.
    assert isinstance(raised.value, getattr(org.exceptions, error_code, ClientError))


@pytest.mark.parametrize("error_code", ["ThrottlingException", "ConflictException"])
def test_rest_json_errors_reach_boto3_through_the_error_type_header(
    emulator: str, error_code: str
) -> None:
    backup = boto3.client("backup", config=NO_RETRIES)
    with injected(Fault("backup", frozenset({"ListBackupVaults"}), error_code)):
        with pytest.raises(ClientError) as raised:
            backup.list_backup_vaults()
        assert outcome(lambda: backup.create_backup_vault(BackupVaultName="v")) == "ok"
    response = raised.value.response
    assert response["Error"]["Code"] == error_code
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == error_code
    assert [v["BackupVaultName"] for v in backup.list_backup_vaults()["BackupVaultList"]] == ["v"]


def test_status_overrides_the_modelled_status(org: Any) -> None:
    with (
        injected(Fault(ORGS, None, "ServiceException", status=503)),
        pytest.raises(ClientError) as raised,
    ):
        org.list_roots()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503


def test_times_limits_the_injections(org: Any) -> None:
    with injected(Fault(ORGS, frozenset({"CreatePolicy"}), "TooManyRequestsException", times=2)):
        results = [outcome(create_policy(org, f"p{n}")) for n in range(4)]
        assert FAULTS.count(ORGS, "CreatePolicy") == 2
    assert results == ["TooManyRequestsException"] * 2 + ["ok"] * 2
    assert policy_names(org) == ["p2", "p3"]


def test_when_matches_request_parameters(org: Any) -> None:
    root = org.list_roots()["Roots"][0]["Id"]
    unit = org.create_organizational_unit(ParentId=root, Name="prod")["OrganizationalUnit"]["Id"]
    policy_id = org.create_policy(
        Name="deny", Type="SERVICE_CONTROL_POLICY", Content="{}", Description=""
    )["Policy"]["PolicySummary"]["Id"]
    fault = Fault(
        ORGS,
        frozenset({"AttachPolicy"}),
        "ConcurrentModificationException",
        when={"TargetId": unit},
    )
    with injected(fault):
        assert outcome(lambda: org.attach_policy(PolicyId=policy_id, TargetId=unit)) == (
            "ConcurrentModificationException"
        )
        assert outcome(lambda: org.attach_policy(PolicyId=policy_id, TargetId=root)) == "ok"
    attached = org.list_targets_for_policy(PolicyId=policy_id)["Targets"]
    assert [t["TargetId"] for t in attached] == [root]


def test_when_reads_uri_parameters_of_rest_json_services(emulator: str) -> None:
    backup = boto3.client("backup", config=NO_RETRIES)
    for name in ("locked", "open"):
        backup.create_backup_vault(BackupVaultName=name)
    fault = Fault("backup", None, "InvalidRequestException", when={"BackupVaultName": "locked"})
    with injected(fault):
        assert outcome(lambda: backup.describe_backup_vault(BackupVaultName="locked")) == (
            "InvalidRequestException"
        )
        assert outcome(lambda: backup.describe_backup_vault(BackupVaultName="open")) == "ok"


def test_calls_the_fault_does_not_match_go_through(org: Any) -> None:
    with injected(
        Fault("backup", None, "ThrottlingException"),
        Fault(ORGS, frozenset({"DeletePolicy"}), "ConcurrentModificationException"),
        Fault(ORGS, None, "TooManyRequestsException", when={"Name": "other"}),
    ) as active:
        assert outcome(create_policy(org, "kept")) == "ok"
        assert active.count(ORGS) == active.count("backup") == 0
    assert policy_names(org) == ["kept"]


def rate_pattern(client: Any, seed: int) -> list[str]:
    with injected(
        Fault(ORGS, frozenset({"ListRoots"}), "TooManyRequestsException", rate=0.5), seed=seed
    ):
        return [outcome(lambda: client.list_roots()) for _ in range(24)]


def test_rate_with_a_seed_gives_a_deterministic_sequence(org: Any) -> None:
    first, again, other = rate_pattern(org, 7), rate_pattern(org, 7), rate_pattern(org, 8)
    assert first == again
    assert {"ok", "TooManyRequestsException"} == set(first)
    assert first != other
    with injected(Fault(ORGS, None, "TooManyRequestsException", rate=0.0)):
        assert {outcome(lambda: org.list_roots()) for _ in range(10)} == {"ok"}


def test_botocore_retries_throttling_but_not_concurrent_modification(aws: None) -> None:
    retrying = organizations(Config(retries={"mode": "standard", "max_attempts": 2}))
    retrying.create_organization(FeatureSet="ALL")
    with injected(Fault(ORGS, None, "TooManyRequestsException", times=1)):
        answered = retrying.list_roots()
    assert answered["ResponseMetadata"]["RetryAttempts"] == 1
    with injected(Fault(ORGS, None, "ConcurrentModificationException", times=1)) as active:
        assert outcome(lambda: retrying.list_roots()) == "ConcurrentModificationException"
        assert outcome(lambda: retrying.list_roots()) == "ok"
        assert active.count(ORGS, "ListRoots") == 1


def test_injected_clears_even_when_the_block_fails(aws: None) -> None:
    with pytest.raises(RuntimeError), injected(Fault(ORGS, None, "ServiceException")):
        raise RuntimeError("boom")
    assert not FAULTS.armed
    assert outcome(lambda: organizations().create_organization(FeatureSet="ALL")) == "ok"


def test_draws_are_thread_safe_and_times_is_exact() -> None:
    injector = FaultInjector(seed=1)
    injector.add(Fault(ORGS, None, "TooManyRequestsException", times=50))
    hits: list[Fault | None] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(40):
            drawn = injector.draw(ORGS, "ListRoots", dict)
            with lock:
                hits.append(drawn)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(hit is not None for hit in hits) == 50 == injector.count(ORGS, "ListRoots")
    assert not injector.armed


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"rate": 1.5}, ValueError),
        ({"rate": -0.1}, ValueError),
        ({"times": 0}, ValueError),
        ({"operations": "AttachPolicy"}, TypeError),
    ],
)
def test_fault_rejects_nonsense(kwargs: dict[str, Any], error: type[Exception]) -> None:
    arguments: dict[str, Any] = {"service": ORGS, "operations": None, "error_code": "X"}
    with pytest.raises(error):
        Fault(**(arguments | kwargs))


def test_organizations_writes_are_real_write_operations() -> None:
    model = botocore.session.get_session().get_service_model(ORGS)
    assert set(ORGANIZATIONS_WRITES) <= set(model.operation_names)
    assert not {op for op in ORGANIZATIONS_WRITES if op.startswith(("Describe", "List"))}
    policy_writes = {
        "CreatePolicy",
        "UpdatePolicy",
        "DeletePolicy",
        "AttachPolicy",
        "DetachPolicy",
        "TagResource",
        "UntagResource",
        "EnablePolicyType",
        "DisablePolicyType",
    }
    assert policy_writes <= ORGANIZATIONS_WRITES


def test_install_patches_dispatch_once(aws: None) -> None:
    patched = BaseResponse.call_action
    faults.install()
    faults.install()
    assert BaseResponse.call_action is patched
    with injected(Fault(ORGS, None, "ServiceException", times=1)) as active:
        assert outcome(lambda: organizations().list_roots()) == "ServiceException"
        assert active.count(ORGS) == 1
