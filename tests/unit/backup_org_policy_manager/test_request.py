"""PolicyRequest from real-shaped CloudFormation events (tests/events/cloudformation/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backup_org_policy_manager.errors import InvalidPropertyError
from backup_org_policy_manager.request import (
    OWNER_LOGICAL_TAG,
    OWNER_STACK_TAG,
    Owner,
    PolicyRequest,
    S3Location,
    role_arn,
)

EVENTS = Path(__file__).parents[2] / "events" / "cloudformation"


def load_event(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def test_create_event_reads_every_property_in_cloudformation_shapes() -> None:
    event = load_event("create-backup-org-policy")
    request = PolicyRequest.from_event(event)
    assert request.name == "org-daily"
    assert request.targets == ("ou-ab12-11111111", "ou-ab12-22222222")  # comma string
    assert request.regions == ("us-east-1", "eu-west-1")
    assert request.variables == {
        "${CentralVaultArn}": "arn:aws:backup:us-east-1:111122223333:backup-vault:Central"
    }  # list of one-key maps, as the original sample took them
    assert request.tags == {"team": "platform"}  # [{Key, Value}]
    assert request.role_arn is None
    assert request.owner == Owner(event["StackId"], "DailyPolicy")
    assert isinstance(request.content, dict)


def test_owner_tags_and_ownership() -> None:
    owner = Owner("arn:stack/a/1", "Daily")
    tags = owner.tags()
    assert tags == {OWNER_STACK_TAG: "arn:stack/a/1", OWNER_LOGICAL_TAG: "Daily"}
    assert owner.owns({**tags, "team": "x"})
    assert not owner.owns({OWNER_STACK_TAG: "arn:stack/a/1"})
    assert not owner.owns({**tags, OWNER_LOGICAL_TAG: "Other"})
    assert not owner.owns(None)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"S3": {"Bucket": "b", "Key": "k.json"}}, S3Location("b", "k.json")),
        ({"S3": {"Bucket": "b", "Key": "k", "VersionId": "v1"}}, S3Location("b", "k", "v1")),
        ('{"plans": {}}', '{"plans": {}}'),
        ({"plans": {}}, {"plans": {}}),
    ],
)
def test_content_forms(content: object, expected: object) -> None:
    props = {"PolicyName": "n", "PolicyTargets": ["r-ab12"], "PolicyContent": content}
    assert PolicyRequest.from_properties(props, Owner("s", "l")).content == expected


@pytest.mark.parametrize(
    ("props", "reason"),
    [
        ({"PolicyContent": {"S3": {"Bucket": "", "Key": "k"}}}, "PolicyContent.S3: Bucket and Key"),
        ({"PolicyContent": {"S3": {"Bucket": "b", "Key": "k", "VersionId": 3}}},
         "PolicyContent.S3.VersionId"),
        ({"PolicyContent": {"S3": "s3://b/k"}}, "PolicyContent.S3: must be"),
        ({"PolicyTargets": 7}, "PolicyTargets: must be a list"),
        ({"PolicyName": 5}, "PolicyName: must be a string, got int"),
        ({"Variables": 5}, "Variables: must be an object"),
        ({"Variables": {"${A}": 5}}, "Variables.${A}: must be a string"),
        ({"Variables": {"": "x"}}, "Variables: keys must be non-empty"),
        ({"Tags": {"k": "v" * 257}}, "Tags.k: value is over 256"),
        ({"Tags": {f"k{i}": "v" for i in range(49)}}, "Tags: 49 tags; at most 48"),
    ],
)  # fmt: skip
def test_bad_properties_name_the_field(props: dict[str, object], reason: str) -> None:
    base: dict[str, object] = {
        "PolicyName": "n",
        "PolicyTargets": ["r-ab12"],
        "PolicyContent": "{}",
    }
    with pytest.raises(InvalidPropertyError) as raised:
        PolicyRequest.from_properties({**base, **props}, Owner("s", "l"))
    assert str(raised.value).startswith(reason)


def test_duplicate_targets_are_kept_once_in_order() -> None:
    props = {
        "PolicyName": "n",
        "PolicyContent": "{}",
        "PolicyTargets": ["123456789012", "r-ab12", "123456789012"],
    }
    request = PolicyRequest.from_properties(props, Owner("s", "l"))
    assert request.targets == ("123456789012", "r-ab12")


def test_the_original_samples_management_account_property_is_accepted() -> None:
    props = {
        "PolicyName": "n",
        "PolicyContent": "{}",
        "PolicyTargets": "r-ab12",
        "OrgManagementAccount": "123456789012",
    }
    assert PolicyRequest.from_properties(props, Owner("s", "l")).name == "n"


def test_role_arn() -> None:
    assert role_arn({}) is None
    assert role_arn({"ManagementRoleArn": ""}) is None
    arn = "arn:aws:iam::123456789012:role/path/OrgAdmin"
    assert role_arn({"ManagementRoleArn": arn}) == arn
