"""The Organizations emulator's indexes and caches answer exactly what scanning would: the tree
lookups agree with moto's own (scanning) methods after any mix of changes, the accounts with an
invalid effective policy follow every kind of change, and a request signed with an IAM access
key is still served in its own account."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.organizations import models as moto_models
from moto.organizations.models import organizations_backends

from rehearsal.emulator.organizations.models import OrganizationsBackend
from tests.emulator.test_organizations import BACKUP, INCOMPLETE, Org, _org, account, ou, policy

COMPLETE = {
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
                    "all": {
                        "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/Backup"},
                        "tag_key": {"@@assign": "backup"},
                        "tag_value": {"@@assign": ["yes"]},
                    }
                }
            },
        }
    }
}


@pytest.fixture
def org(aws: None) -> Org:
    return _org()


def _backend(org: Org) -> OrganizationsBackend:
    backend = organizations_backends[org.management_id]["aws"]
    assert isinstance(backend, OrganizationsBackend)
    return backend


def _scanned(backend: OrganizationsBackend, parent: str) -> dict[str, Any]:
    """What moto's own methods (which scan the lists) answer for ``parent``."""
    moto = moto_models.OrganizationsBackend
    accounts = moto.list_accounts_for_parent.__wrapped__(backend, parent_id=parent)  # type: ignore[attr-defined]
    units = moto.list_organizational_units_for_parent.__wrapped__(backend, parent_id=parent)  # type: ignore[attr-defined]
    return {
        "accounts": [a.id for a in accounts],
        "ous": [u.id for u in units],
        "children": [
            moto.list_children(backend, ParentId=parent, ChildType=kind)["Children"]
            for kind in ("ACCOUNT", "ORGANIZATIONAL_UNIT")
        ],
    }


def _indexed(org: Org, parent: str) -> dict[str, Any]:
    """What the emulator answers through its indexes, over the API."""
    client = org.client
    pages = client.get_paginator("list_accounts_for_parent").paginate(
        ParentId=parent, PaginationConfig={"PageSize": 2}
    )
    units = client.get_paginator("list_organizational_units_for_parent").paginate(
        ParentId=parent, PaginationConfig={"PageSize": 2}
    )
    return {
        "accounts": [a["Id"] for page in pages for a in page["Accounts"]],
        "ous": [u["Id"] for page in units for u in page["OrganizationalUnits"]],
        "children": [
            [
                child
                for page in client.get_paginator("list_children").paginate(
                    ParentId=parent, ChildType=kind
                )
                for child in page["Children"]
            ]
            for kind in ("ACCOUNT", "ORGANIZATIONAL_UNIT")
        ],
    }


def test_the_tree_indexes_agree_with_moto_scans_after_any_mix_of_changes(org: Org) -> None:
    rng = random.Random(15)
    parents = [org.root_id]
    members: list[str] = []
    for step in range(60):
        action = rng.choice(["ou", "account", "account", "move", "move", "remove"])
        if action == "ou" and len(parents) < 8:
            parents.append(ou(org, f"ou-{step}", rng.choice(parents)))
        elif action == "account" or not members:
            members.append(account(org, f"acct-{step}", rng.choice(parents)))
        elif action == "move":
            moved = rng.choice(members)
            source = org.client.list_parents(ChildId=moved)["Parents"][0]["Id"]
            org.client.move_account(
                AccountId=moved, SourceParentId=source, DestinationParentId=rng.choice(parents)
            )
        else:
            removed = members.pop(rng.randrange(len(members)))
            org.client.remove_account_from_organization(AccountId=removed)
    backend = _backend(org)

    for parent in parents:
        assert _indexed(org, parent) == _scanned(backend, parent), parent
    for member in members:
        expected = next(a.parent_id for a in backend.accounts if a.id == member)
        assert org.client.list_parents(ChildId=member)["Parents"][0]["Id"] == expected
    assert sorted(a.id for a in backend.accounts) == sorted([org.management_id, *members])


def test_lookups_of_what_does_not_exist_keep_motos_errors(org: Org) -> None:
    policy_id = policy(org, "p")
    missing: dict[str, Callable[[], object]] = {
        "AccountNotFoundException": lambda: org.client.attach_policy(
            PolicyId=policy_id, TargetId="111122223333"
        ),
        "OrganizationalUnitNotFoundException": lambda: org.client.detach_policy(
            PolicyId=policy_id, TargetId="ou-abcd-11111111"
        ),
        "PolicyNotFoundException": lambda: org.client.describe_policy(PolicyId="p-0123456789"),
        "TargetNotFoundException": lambda: org.client.list_tags_for_resource(
            ResourceId="111122223333"
        ),
        "ParentNotFoundException": lambda: org.client.list_children(
            ParentId="ou-abcd-11111111", ChildType="ACCOUNT"
        ),
    }
    for expected, call in missing.items():
        with pytest.raises(ClientError) as raised:
            call()
        assert raised.value.response["Error"]["Code"] == expected


def _invalid(org: Org) -> list[str]:
    pages = org.client.get_paginator("list_accounts_with_invalid_effective_policy").paginate(
        PolicyType=BACKUP, PaginationConfig={"PageSize": 1}
    )
    return sorted(a["Id"] for page in pages for a in page["Accounts"])


def test_accounts_with_an_invalid_effective_policy_follow_every_kind_of_change(org: Org) -> None:
    prod, dev = ou(org, "prod"), ou(org, "dev")
    first, second = account(org, "first", prod), account(org, "second", dev)
    partial = policy(org, "partial", INCOMPLETE)
    assert _invalid(org) == []

    org.client.attach_policy(PolicyId=partial, TargetId=prod)
    assert _invalid(org) == [first]
    org.client.move_account(AccountId=second, SourceParentId=dev, DestinationParentId=prod)
    assert _invalid(org) == sorted([first, second])
    third = account(org, "third", prod)
    assert _invalid(org) == sorted([first, second, third])
    org.client.remove_account_from_organization(AccountId=third)
    assert _invalid(org) == sorted([first, second])
    org.client.update_policy(PolicyId=partial, Content=json.dumps(COMPLETE))
    assert _invalid(org) == []
    org.client.update_policy(PolicyId=partial, Content=json.dumps(INCOMPLETE))
    assert _invalid(org) == sorted([first, second])
    org.client.detach_policy(PolicyId=partial, TargetId=prod)
    assert _invalid(org) == []
    org.client.attach_policy(PolicyId=partial, TargetId=first)
    assert _invalid(org) == [first]
    org.client.disable_policy_type(RootId=org.root_id, PolicyType=BACKUP)
    assert _invalid(org) == []


def test_a_page_token_continues_the_cached_list_where_it_stopped(org: Org) -> None:
    prod = ou(org, "prod")
    members = sorted(account(org, f"member-{n}", prod) for n in range(7))
    org.client.attach_policy(PolicyId=policy(org, "partial", INCOMPLETE), TargetId=prod)

    seen: list[str] = []
    token: str | None = None
    while True:
        extra = {"NextToken": token} if token else {}
        page = org.client.list_accounts_with_invalid_effective_policy(
            PolicyType=BACKUP, MaxResults=3, **extra
        )
        assert len(page["Accounts"]) <= 3
        seen += [a["Id"] for a in page["Accounts"]]
        token = page.get("NextToken")
        if not token:
            break

    assert sorted(seen) == members
    assert len(seen) == len(set(seen))


def test_a_request_signed_with_an_iam_access_key_is_served_in_its_account(org: Org) -> None:
    member = account(org, "member")
    role = f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole"
    assumed = boto3.client("sts").assume_role(RoleArn=role, RoleSessionName="indexes")[
        "Credentials"
    ]
    as_member = {
        "aws_access_key_id": assumed["AccessKeyId"],
        "aws_secret_access_key": assumed["SecretAccessKey"],
        "aws_session_token": assumed["SessionToken"],
    }
    assert boto3.client("sts", **as_member).get_caller_identity()["Account"] == member
    iam = boto3.client("iam", **as_member)
    iam.create_user(UserName="operator")
    key = iam.create_access_key(UserName="operator")["AccessKey"]
    signed = boto3.client(
        "sts",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )

    identity = signed.get_caller_identity()
    assert identity["Account"] == member != DEFAULT_ACCOUNT_ID
    assert identity["Arn"] == f"arn:aws:iam::{member}:user/operator"

    iam.delete_access_key(UserName="operator", AccessKeyId=key["AccessKeyId"])
    # A key nobody holds is served in moto's default account, as moto's own lookup answers.
    assert signed.get_caller_identity()["Account"] == DEFAULT_ACCOUNT_ID
