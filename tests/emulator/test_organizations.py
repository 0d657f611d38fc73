"""The Organizations extension through real boto3 clients: BACKUP_POLICY, AWS's errors and limits,
pagination of every list the project walks, and DescribeEffectivePolicy's root-to-account chain.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.validate import ParamValidator
from moto.organizations.exceptions import OrganizationsClientError
from moto.organizations.models import organizations_backends

from rehearsal.emulator import organizations
from rehearsal.emulator.organizations import exceptions as extension_errors
from rehearsal.emulator.organizations.models import OrganizationsBackend

BACKUP = "BACKUP_POLICY"


@dataclass(frozen=True, slots=True)
class Org:
    client: Any
    root_id: str
    org_id: str
    management_id: str


def _org(enable_backup: bool = True) -> Org:
    client = boto3.client("organizations")
    described = client.create_organization(FeatureSet="ALL")["Organization"]
    root_id = client.list_roots()["Roots"][0]["Id"]
    if enable_backup:
        client.enable_policy_type(RootId=root_id, PolicyType=BACKUP)
    return Org(client, root_id, described["Id"], described["MasterAccountId"])


@pytest.fixture
def org(aws: None) -> Org:
    return _org()


@contextmanager
def engine_wired(engine: organizations.EffectivePolicyEngine | None) -> Iterator[None]:
    """Wire ``engine`` (None: no engine) for the block, then put back whatever was wired."""
    previous = organizations.effective_policy_engine("BACKUP_POLICY")
    organizations.set_effective_policy_engine(engine)
    try:
        yield
    finally:
        organizations.set_effective_policy_engine(previous)


@pytest.fixture
def levels_engine() -> Iterator[None]:
    """A test engine that answers the chain it was given, so tests can read it back."""
    with engine_wired(lambda levels: json.dumps(levels)):
        yield


def error(call: Callable[[], object]) -> dict[str, Any]:
    with pytest.raises(ClientError) as raised:
        call()
    response: dict[str, Any] = raised.value.response
    return response


def code(call: Callable[[], object]) -> str:
    return str(error(call)["Error"]["Code"])


def policy(org: Org, name: str, content: object = None, kind: str = BACKUP) -> str:
    document = json.dumps(content if content is not None else {"plans": {name: {}}})
    created = org.client.create_policy(Name=name, Type=kind, Content=document, Description="")
    return str(created["Policy"]["PolicySummary"]["Id"])


def ou(org: Org, name: str, parent: str | None = None) -> str:
    created = org.client.create_organizational_unit(ParentId=parent or org.root_id, Name=name)
    return str(created["OrganizationalUnit"]["Id"])


def account(org: Org, name: str, parent: str | None = None) -> str:
    status = org.client.create_account(AccountName=name, Email=f"{name}@example.com")
    account_id = str(status["CreateAccountStatus"]["AccountId"])
    if parent:
        org.client.move_account(
            AccountId=account_id, SourceParentId=org.root_id, DestinationParentId=parent
        )
    return account_id


def targets(org: Org, policy_id: str) -> list[str]:
    found = org.client.list_targets_for_policy(PolicyId=policy_id)["Targets"]
    return sorted(target["TargetId"] for target in found)


# --- BACKUP_POLICY and content validation ------------------------------------------------


def test_backup_policy_is_created_with_the_aws_arn_format(org: Org) -> None:
    policy_id = policy(org, "daily")
    described = org.client.describe_policy(PolicyId=policy_id)["Policy"]
    arn = f"arn:aws:organizations::{org.management_id}:policy/{org.org_id}/backup_policy/"
    assert described["PolicySummary"]["Arn"] == arn + policy_id
    assert re.fullmatch(r"p-[a-z0-9]{8}", policy_id)
    assert described["PolicySummary"]["Type"] == BACKUP
    assert json.loads(described["Content"]) == {"plans": {"daily": {}}}
    listed = org.client.list_policies(Filter=BACKUP)["Policies"]
    assert [p["Id"] for p in listed] == [policy_id]


def test_content_of_exactly_the_limit_is_accepted_and_one_more_is_rejected(org: Org) -> None:
    at_limit = '{"p":"' + "x" * (10_000 - len('{"p":""}')) + '"}'
    assert len(at_limit) == 10_000
    created = org.client.create_policy(
        Name="at-limit", Type=BACKUP, Content=at_limit, Description=""
    )
    policy_id = created["Policy"]["PolicySummary"]["Id"]
    assert org.client.describe_policy(PolicyId=policy_id)["Policy"]["Content"] == at_limit

    too_long = at_limit.replace('"}', 'x"}')
    for call in (
        lambda: org.client.create_policy(Name="big", Type=BACKUP, Content=too_long, Description=""),
        lambda: org.client.update_policy(PolicyId=policy_id, Content=too_long),
    ):
        raised = error(call)
        assert raised["Error"]["Code"] == "ConstraintViolationException"
        assert raised["Reason"] == "POLICY_CONTENT_LIMIT_EXCEEDED"
    assert [p["Name"] for p in org.client.list_policies(Filter=BACKUP)["Policies"]] == ["at-limit"]
    assert org.client.describe_policy(PolicyId=policy_id)["Policy"]["Content"].endswith('x"}')


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '["a list", "not an object"]',
        '{"plans": {}, "plans": {}}',
        '{"plans": {"Daily": {"regions": {}, "regions": {}}}}',
    ],
    ids=["not-json", "not-object", "duplicate-top-key", "duplicate-nested-key"],
)
def test_malformed_content_is_rejected_on_create_and_update(org: Org, content: str) -> None:
    assert (
        code(
            lambda: org.client.create_policy(
                Name="bad", Type=BACKUP, Content=content, Description=""
            )
        )
        == "MalformedPolicyDocumentException"
    )
    policy_id = policy(org, "good")
    assert (
        code(lambda: org.client.update_policy(PolicyId=policy_id, Content=content))
        == "MalformedPolicyDocumentException"
    )
    assert [p["Name"] for p in org.client.list_policies(Filter=BACKUP)["Policies"]] == ["good"]
    assert json.loads(org.client.describe_policy(PolicyId=policy_id)["Policy"]["Content"])


def test_policy_names_stay_unique_on_create_and_update(org: Org) -> None:
    policy(org, "first")
    second = policy(org, "second")
    assert code(lambda: policy(org, "first")) == "DuplicatePolicyException"
    assert (
        code(lambda: org.client.update_policy(PolicyId=second, Name="first"))
        == "DuplicatePolicyException"
    )
    org.client.update_policy(PolicyId=second, Name="second")  # its own name is fine
    names = sorted(p["Name"] for p in org.client.list_policies(Filter=BACKUP)["Policies"])
    assert names == ["first", "second"]


# --- attach, detach, delete ------------------------------------------------------------


def test_attaching_twice_raises_duplicate_policy_attachment(org: Org) -> None:
    policy_id = policy(org, "daily")
    org.client.attach_policy(PolicyId=policy_id, TargetId=org.root_id)
    assert (
        code(lambda: org.client.attach_policy(PolicyId=policy_id, TargetId=org.root_id))
        == "DuplicatePolicyAttachmentException"
    )
    assert targets(org, policy_id) == [org.root_id]


def test_detaching_what_is_not_attached_raises_policy_not_attached(org: Org) -> None:
    policy_id = policy(org, "daily")
    unit = ou(org, "prod")

    def detach() -> None:
        org.client.detach_policy(PolicyId=policy_id, TargetId=unit)

    assert code(detach) == "PolicyNotAttachedException"
    org.client.attach_policy(PolicyId=policy_id, TargetId=unit)
    detach()
    assert targets(org, policy_id) == []
    assert code(detach) == "PolicyNotAttachedException"


def test_attaching_while_the_type_is_disabled_raises_policy_type_not_enabled(aws: None) -> None:
    org = _org(enable_backup=False)
    policy_id = policy(org, "daily")  # creating is allowed; attaching is not
    assert (
        code(lambda: org.client.attach_policy(PolicyId=policy_id, TargetId=org.root_id))
        == "PolicyTypeNotEnabledException"
    )
    assert targets(org, policy_id) == []


def test_scps_attach_without_enabling_as_moto_always_allowed(aws: None) -> None:
    org = _org(enable_backup=False)
    unit = ou(org, "prod")
    scp = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*"}]}
    scp_id = policy(org, "deny", scp, kind="SERVICE_CONTROL_POLICY")
    org.client.attach_policy(PolicyId=scp_id, TargetId=unit)
    attached = org.client.list_policies_for_target(TargetId=unit, Filter="SERVICE_CONTROL_POLICY")
    assert sorted(p["Id"] for p in attached["Policies"]) == sorted([scp_id, "p-FullAWSAccess"])


def test_disabling_the_type_detaches_its_policies_but_keeps_them(org: Org) -> None:
    policy_id = policy(org, "daily")
    member = account(org, "member")
    org.client.attach_policy(PolicyId=policy_id, TargetId=org.root_id)
    org.client.attach_policy(PolicyId=policy_id, TargetId=member)
    org.client.disable_policy_type(RootId=org.root_id, PolicyType=BACKUP)
    assert targets(org, policy_id) == []
    assert org.client.describe_policy(PolicyId=policy_id)["Policy"]["PolicySummary"]["Id"]
    assert (
        code(lambda: org.client.attach_policy(PolicyId=policy_id, TargetId=member))
        == "PolicyTypeNotEnabledException"
    )
    # The default SCP, which AWS manages, stays where it was.
    assert org.root_id in targets(org, "p-FullAWSAccess")


def test_deleting_an_attached_policy_raises_policy_in_use(org: Org) -> None:
    policy_id = policy(org, "daily")
    org.client.attach_policy(PolicyId=policy_id, TargetId=org.root_id)
    assert code(lambda: org.client.delete_policy(PolicyId=policy_id)) == "PolicyInUseException"
    org.client.detach_policy(PolicyId=policy_id, TargetId=org.root_id)
    org.client.delete_policy(PolicyId=policy_id)
    assert code(lambda: org.client.describe_policy(PolicyId=policy_id)) == (
        "PolicyNotFoundException"
    )


def test_at_most_ten_backup_policies_attach_directly_to_one_target(org: Org) -> None:
    ids = [policy(org, f"plan-{n}") for n in range(11)]
    for policy_id in ids[:10]:
        org.client.attach_policy(PolicyId=policy_id, TargetId=org.root_id)
    raised = error(lambda: org.client.attach_policy(PolicyId=ids[10], TargetId=org.root_id))
    assert raised["Error"]["Code"] == "ConstraintViolationException"
    assert raised["Reason"] == "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
    attached = org.client.list_policies_for_target(TargetId=org.root_id, Filter=BACKUP)
    assert len(attached["Policies"]) == 10  # one page: the default page size is 20


def test_ous_nest_at_most_five_levels_and_need_a_real_parent(org: Org) -> None:
    parent = org.root_id
    for level in range(5):
        parent = ou(org, f"level-{level + 1}", parent)
    raised = error(lambda: ou(org, "level-6", parent))
    assert raised["Error"]["Code"] == "ConstraintViolationException"
    assert raised["Reason"] == "OU_DEPTH_LIMIT_EXCEEDED"
    assert code(lambda: ou(org, "orphan", "ou-zzzz-zzzzzzzz")) == "ParentNotFoundException"


# --- pagination ---------------------------------------------------------------------------


def pages(call: Callable[..., dict[str, Any]], key: str, **kwargs: Any) -> list[list[Any]]:
    """Every page of a list call, following NextToken by hand."""
    collected: list[list[Any]] = []
    token: str | None = None
    while True:
        page = call(**kwargs, **({"NextToken": token} if token else {}))
        collected.append(page[key])
        token = page.get("NextToken")
        if not token:
            return collected


@pytest.mark.parametrize(
    ("operation", "key", "item_key"),
    [
        ("list_policies", "Policies", "Id"),
        ("list_targets_for_policy", "Targets", "TargetId"),
        ("list_policies_for_target", "Policies", "Id"),
        ("list_children", "Children", "Id"),
        ("list_organizational_units_for_parent", "OrganizationalUnits", "Id"),
        ("list_accounts_for_parent", "Accounts", "Id"),
    ],
)
def test_list_calls_honour_max_results_and_next_token(
    org: Org, operation: str, key: str, item_key: str
) -> None:
    unit = ou(org, "parent")
    policy_ids = [policy(org, f"plan-{n}") for n in range(5)]
    children = [ou(org, f"child-{n}", unit) for n in range(5)]
    accounts = [account(org, f"acct-{n}", unit) for n in range(5)]
    for policy_id in policy_ids:
        org.client.attach_policy(PolicyId=policy_id, TargetId=unit)
    for target in [*children, *accounts]:
        org.client.attach_policy(PolicyId=policy_ids[0], TargetId=target)
    cases: dict[str, tuple[dict[str, Any], list[str]]] = {
        "list_policies": ({"Filter": BACKUP}, policy_ids),
        "list_targets_for_policy": ({"PolicyId": policy_ids[0]}, [unit, *children, *accounts]),
        "list_policies_for_target": ({"TargetId": unit, "Filter": BACKUP}, policy_ids),
        "list_children": ({"ParentId": unit, "ChildType": "ORGANIZATIONAL_UNIT"}, children),
        "list_organizational_units_for_parent": ({"ParentId": unit}, children),
        "list_accounts_for_parent": ({"ParentId": unit}, accounts),
    }
    kwargs, expected = cases[operation]
    found = pages(getattr(org.client, operation), key, MaxResults=2, **kwargs)
    assert all(len(page) <= 2 for page in found)
    assert len(found) == -(-len(expected) // 2)
    assert sorted(item[item_key] for page in found for item in page) == sorted(expected)


def test_list_roots_honours_max_results(org: Org) -> None:
    found = pages(org.client.list_roots, "Roots", MaxResults=1)
    assert [[root["Id"] for root in page] for page in found] == [[org.root_id]]


def test_list_tags_for_resource_pages_without_max_results(org: Org) -> None:
    policy_id = policy(org, "tagged")
    tags = [{"Key": f"k{n:02}", "Value": str(n)} for n in range(45)]
    org.client.tag_resource(ResourceId=policy_id, Tags=tags)
    found = pages(org.client.list_tags_for_resource, "Tags", ResourceId=policy_id)
    assert [len(page) for page in found] == [20, 20, 5]
    assert sorted(t["Key"] for page in found for t in page) == [t["Key"] for t in tags]


def test_boto3_paginators_walk_the_extended_lists(org: Org) -> None:
    unit = ou(org, "parent")
    children = sorted(ou(org, f"child-{n}", unit) for n in range(3))
    paginator = org.client.get_paginator("list_children")
    walked = paginator.paginate(
        ParentId=unit, ChildType="ORGANIZATIONAL_UNIT", PaginationConfig={"PageSize": 1}
    )
    assert sorted(c["Id"] for page in walked for c in page["Children"]) == children


def test_a_bad_or_foreign_next_token_raises_invalid_input(org: Org) -> None:
    units = [ou(org, f"unit-{n}") for n in range(3)]
    raised = error(
        lambda: org.client.list_children(
            ParentId=org.root_id, ChildType="ACCOUNT", NextToken="garbage"
        )
    )
    assert (raised["Error"]["Code"], raised["Reason"]) == (
        "InvalidInputException",
        "INVALID_NEXT_TOKEN",
    )
    first = org.client.list_children(
        ParentId=org.root_id, ChildType="ORGANIZATIONAL_UNIT", MaxResults=1
    )
    assert first["Children"][0]["Id"] in units
    foreign = error(
        lambda: org.client.list_children(
            ParentId=units[0], ChildType="ACCOUNT", NextToken=first["NextToken"]
        )
    )
    assert foreign["Reason"] == "INVALID_NEXT_TOKEN"
    moto_paged = error(lambda: org.client.list_policies(Filter=BACKUP, NextToken="garbage"))
    assert moto_paged["Reason"] == "INVALID_NEXT_TOKEN"


# --- DescribeEffectivePolicy ---------------------------------------------------------------


def effective(org: Org, target: str) -> dict[str, Any]:
    described = org.client.describe_effective_policy(PolicyType=BACKUP, TargetId=target)
    found: dict[str, Any] = described["EffectivePolicy"]
    return found


@pytest.mark.usefixtures("levels_engine")
def test_effective_policy_chain_runs_from_root_through_nested_ous_to_the_account(org: Org) -> None:
    outer = ou(org, "workloads")
    inner = ou(org, "prod", outer)
    member = account(org, "app", inner)
    sibling = account(org, "sandbox")
    contents = {name: json.dumps({"plans": {name: {}}}) for name in ("root", "b", "c", "acct")}
    for name, target in (("root", org.root_id), ("b", inner), ("c", inner), ("acct", member)):
        org.client.attach_policy(PolicyId=policy(org, name), TargetId=target)

    found = effective(org, member)
    assert json.loads(found["PolicyContent"]) == [
        [contents["root"]],
        [],
        [contents["b"], contents["c"]],
        [contents["acct"]],
    ]
    assert (found["TargetId"], found["PolicyType"]) == (member, BACKUP)
    assert isinstance(found["LastUpdatedTimestamp"], datetime)
    assert json.loads(effective(org, sibling)["PolicyContent"]) == [[contents["root"]], []]


@pytest.mark.usefixtures("levels_engine")
def test_effective_policy_follows_updates_and_detaches(org: Org) -> None:
    member = account(org, "app")
    policy_id = policy(org, "daily")
    org.client.attach_policy(PolicyId=policy_id, TargetId=member)
    before = effective(org, member)
    org.client.update_policy(PolicyId=policy_id, Content='{"plans":{"v2":{}}}')
    after = effective(org, member)
    assert json.loads(after["PolicyContent"]) == [[], ['{"plans":{"v2":{}}}']]
    assert after["LastUpdatedTimestamp"] >= before["LastUpdatedTimestamp"]
    org.client.detach_policy(PolicyId=policy_id, TargetId=member)
    assert code(lambda: effective(org, member)) == "EffectivePolicyNotFoundException"


@pytest.mark.usefixtures("levels_engine")
def test_effective_policy_targets_accounts_only(org: Org) -> None:
    unit = ou(org, "prod")
    org.client.attach_policy(PolicyId=policy(org, "daily"), TargetId=unit)
    for target in (org.root_id, unit):
        raised = error(partial(effective, org, target))
        assert (raised["Error"]["Code"], raised["Reason"]) == (
            "InvalidInputException",
            "TARGET_NOT_SUPPORTED",
        )
    assert code(lambda: effective(org, "999999999999")) == "TargetNotFoundException"
    scp = error(
        lambda: org.client.describe_effective_policy(
            PolicyType="SERVICE_CONTROL_POLICY", TargetId=org.management_id
        )
    )
    assert scp["Error"]["Code"] == "InvalidInputException"


@pytest.mark.usefixtures("levels_engine")
def test_effective_policy_not_found_when_nothing_is_attached(org: Org) -> None:
    member = account(org, "app")
    assert code(lambda: effective(org, member)) == "EffectivePolicyNotFoundException"


def test_effective_policy_not_found_when_the_engine_finds_nothing(org: Org) -> None:
    member = account(org, "app")
    org.client.attach_policy(PolicyId=policy(org, "daily"), TargetId=member)
    with engine_wired(lambda levels: None):
        assert code(lambda: effective(org, member)) == "EffectivePolicyNotFoundException"


def test_effective_policy_without_an_engine_says_so_with_501(org: Org) -> None:
    member = account(org, "app")
    org.client.attach_policy(PolicyId=policy(org, "daily"), TargetId=member)
    with engine_wired(None):
        raised = error(lambda: effective(org, member))
    assert raised["Error"]["Code"] == "NotImplementedException"
    assert "set_effective_policy_engine" in raised["Error"]["Message"]
    assert raised["ResponseMetadata"]["HTTPStatusCode"] == 501


@pytest.mark.usefixtures("levels_engine")
def test_a_member_account_reads_its_own_effective_policy(org: Org) -> None:
    member = account(org, "app")
    org.client.attach_policy(PolicyId=policy(org, "daily"), TargetId=member)
    role = f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole"
    creds = boto3.client("sts").assume_role(RoleArn=role, RoleSessionName="member")["Credentials"]
    as_member = boto3.client(
        "organizations",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
    found = as_member.describe_effective_policy(PolicyType=BACKUP)["EffectivePolicy"]
    assert found["TargetId"] == member
    assert json.loads(found["PolicyContent"]) == [[], ['{"plans": {"daily": {}}}']]


# --- wiring -------------------------------------------------------------------------------


@pytest.mark.usefixtures("levels_engine")
def test_extension_serves_the_loopback_server(emulator_endpoint: str) -> None:
    org = _org()
    member = account(org, "app")
    org.client.attach_policy(PolicyId=policy(org, "daily"), TargetId=member)
    assert json.loads(effective(org, member)["PolicyContent"]) == [
        [],
        ['{"plans": {"daily": {}}}'],
    ]
    assert code(lambda: policy(org, "bad", "x" * 10_001)) == "ConstraintViolationException"
    assert len(pages(org.client.list_roots, "Roots", MaxResults=1)) == 1


def test_install_is_idempotent_and_keeps_the_extended_backend(aws: None) -> None:
    org = _org()
    organizations.install()
    organizations.install()
    assert organizations_backends.backend is OrganizationsBackend
    assert [r["Id"] for r in org.client.list_roots()["Roots"]] == [org.root_id]  # state kept


def test_effective_policy_comes_from_the_project_engine_by_default(org: Org) -> None:
    """register() wires the engine: a child @@append adds a Region to the root's plan."""
    prod = ou(org, "prod")
    member = account(org, "app", prod)
    root_doc = {
        "plans": {
            "Daily": {
                "regions": {"@@assign": ["eu-west-1"]},
                "rules": {
                    "Daily": {
                        "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                        "target_backup_vault_name": {"@@assign": "Default"},
                    }
                },
                "selections": {
                    "tags": {
                        "All": {
                            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
                            "tag_key": {"@@assign": "backup"},
                            "tag_value": {"@@assign": ["daily"]},
                        }
                    }
                },
            }
        }
    }
    child_doc = {"plans": {"Daily": {"regions": {"@@append": ["eu-central-1"]}}}}
    org.client.attach_policy(PolicyId=policy(org, "root", root_doc), TargetId=org.root_id)
    org.client.attach_policy(PolicyId=policy(org, "child", child_doc), TargetId=prod)
    document = json.loads(effective(org, member)["PolicyContent"])
    assert document["plans"]["Daily"]["regions"] == ["eu-west-1", "eu-central-1"]
    assert document["plans"]["Daily"]["rules"]["Daily"]["target_backup_vault_name"] == "Default"


INCOMPLETE = {"plans": {"Daily": {"regions": {"@@assign": ["eu-west-1"]}}}}


def test_accounts_with_an_incomplete_effective_plan_are_listed_as_invalid(org: Org) -> None:
    prod = ou(org, "prod")
    broken, other = account(org, "broken", prod), account(org, "other", prod)
    fine = account(org, "fine")
    listed = org.client.list_accounts_with_invalid_effective_policy(PolicyType=BACKUP)
    assert listed["Accounts"] == []
    assert listed["PolicyType"] == BACKUP
    org.client.attach_policy(PolicyId=policy(org, "partial", INCOMPLETE), TargetId=prod)
    pages = org.client.get_paginator("list_accounts_with_invalid_effective_policy").paginate(
        PolicyType=BACKUP, PaginationConfig={"PageSize": 1}
    )
    listed_pages = list(pages)
    found = [a["Id"] for page in listed_pages for a in page["Accounts"]]
    assert sorted(found) == sorted([broken, other])
    assert fine not in found
    for page in listed_pages:
        _assert_output_shape("ListAccountsWithInvalidEffectivePolicy", page)


def test_validation_errors_name_the_missing_parts_and_contributing_policies(org: Org) -> None:
    prod = ou(org, "prod")
    broken = account(org, "broken", prod)
    partial = policy(org, "partial", INCOMPLETE)
    org.client.attach_policy(PolicyId=partial, TargetId=prod)
    errors = org.client.list_effective_policy_validation_errors(AccountId=broken, PolicyType=BACKUP)
    assert errors["AccountId"] == broken
    assert errors["Path"] == f"{org.org_id}/{org.root_id}/{prod}/{broken}/"
    assert re.fullmatch(_MODEL.shape_for("Path").metadata["pattern"], errors["Path"])
    _assert_output_shape("ListEffectivePolicyValidationErrors", errors)
    found = errors["EffectivePolicyValidationErrors"]
    assert {e["ErrorCode"] for e in found} == {"INCOMPLETE_PLAN"}
    assert {e["PathToError"] for e in found} >= {"$.plans.Daily.rules", "$.plans.Daily.selections"}
    assert all(e["ContributingPolicies"] == [partial] for e in found)
    assert (
        code(
            lambda: org.client.list_effective_policy_validation_errors(
                AccountId="999999999999", PolicyType=BACKUP
            )
        )
        == "AccountNotFoundException"
    )


# --- fidelity to botocore's service model (an independent reference) -----------------------

_MODEL = botocore.session.get_session().get_service_model("organizations")
_EXTENSION_DIR = Path(organizations.__file__).parent
# Not an AWS error code on purpose: HTTP 501 when the emulator cannot answer honestly.
_NOT_AWS_ERRORS = frozenset({"NotImplementedException"})


def _assert_output_shape(operation: str, response: dict[str, Any]) -> None:
    """Every member is one the operation's output shape has, with the modelled type."""
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    report = ParamValidator().validate(body, _MODEL.operation_model(operation).output_shape)
    assert not report.has_errors(), report.generate_report()


def _extension_functions() -> dict[str, list[ast.FunctionDef]]:
    """Every function and method defined by the extension, by name (methods of the backend
    and of the responses share the operation's snake_case name)."""
    found: dict[str, list[ast.FunctionDef]] = {}
    for module in sorted(_EXTENSION_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(), filename=str(module))):
            if isinstance(node, ast.FunctionDef):
                found.setdefault(node.name, []).append(node)
    return found


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _raised_by(name: str, functions: dict[str, list[ast.FunctionDef]], seen: set[str]) -> set[str]:
    """Exception class names ``name`` raises, following calls into the extension's own code
    (decorators included); calls into moto are moto's business."""
    if name in seen or name not in functions:
        return set()
    seen.add(name)
    raised: set[str] = set()
    for definition in functions[name]:
        for decorator in definition.decorator_list:
            raised |= _raised_by(_name(decorator) or "", functions, seen)
        for node in ast.walk(definition):
            if isinstance(node, ast.Raise) and node.exc is not None:
                raised.add(_name(node.exc) or "")
            elif isinstance(node, ast.Call):
                raised |= _raised_by(_name(node) or "", functions, seen)
    return {error for error in raised if error.endswith("Exception")}


def _raised_per_operation() -> dict[str, set[str]]:
    functions = _extension_functions()
    operations = {xform_name(op): op for op in _MODEL.operation_names}
    return {
        operations[name]: _raised_by(name, functions, set())
        for name in functions
        if name in operations
    }


def test_every_error_an_operation_raises_is_one_the_service_model_lists_for_it() -> None:
    raised = _raised_per_operation()
    # The walk must see what we know is there, or the check below proves nothing.
    assert "PolicyTypeNotEnabledException" in raised["AttachPolicy"]
    assert "MalformedPolicyDocumentException" in raised["UpdatePolicy"]
    assert "AccountNotFoundException" in raised["ListEffectivePolicyValidationErrors"]
    assert "InvalidInputException" in raised["ListRoots"]  # from the NextToken decorator
    assert "AWSOrganizationsNotInUseException" in raised["DescribeEffectivePolicy"]
    unlisted = {
        operation: sorted(errors - _NOT_AWS_ERRORS - {e.name for e in _MODEL.operation_model(
            operation).error_shapes})
        for operation, errors in raised.items()
    }  # fmt: skip
    assert {op: errors for op, errors in unlisted.items() if errors} == {}


def test_every_extension_error_is_a_modelled_error_with_its_members() -> None:
    classes = [
        cls
        for cls in vars(extension_errors).values()
        if isinstance(cls, type) and issubclass(cls, OrganizationsClientError)
        and cls.__name__.endswith("Exception")
    ]  # fmt: skip
    assert len(classes) >= 9
    for cls in classes:
        shape = _MODEL.shape_for(cls.__name__)
        assert shape.metadata.get("exception"), cls.__name__
        # A Reason member is serialized exactly when the model's shape has one.
        assert issubclass(cls, extension_errors._ReasonedError) == ("Reason" in shape.members)


def test_every_reason_the_extension_gives_is_in_the_models_enum() -> None:
    reasons: dict[str, set[str]] = {}
    for module in sorted(_EXTENSION_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            error = _name(node) if isinstance(node, ast.Call) else None
            if error in ("ConstraintViolationException", "InvalidInputException"):
                assert isinstance(node, ast.Call)
                first = node.args[0]
                assert isinstance(first, ast.Constant), ast.unparse(node)
                reasons.setdefault(str(error), set()).add(str(first.value))
    assert set(reasons) == {"ConstraintViolationException", "InvalidInputException"}
    for error, given in reasons.items():
        assert given <= set(_MODEL.shape_for(error).members["Reason"].enum), error


@pytest.mark.usefixtures("levels_engine")
def test_describe_effective_policy_answers_the_modelled_shape(org: Org) -> None:
    member = account(org, "app")
    org.client.attach_policy(PolicyId=policy(org, "daily"), TargetId=member)
    described = org.client.describe_effective_policy(PolicyType=BACKUP, TargetId=member)
    _assert_output_shape("DescribeEffectivePolicy", described)
