"""Request events: the shape CloudFormation sends, and its habit of turning scalars into strings."""

from __future__ import annotations

import re
import uuid

import pytest

from rehearsal.cfn import StackIdentity, cfn_properties, request_event

STACK = StackIdentity.new(
    region="eu-west-1", account_id="111122223333", stack_name="org-backup", function_name="fn"
)
TOKEN = "arn:aws:lambda:eu-west-1:111122223333:function:fn"


def _event(request_type: str, **extra: object) -> dict[str, object]:
    return request_event(
        request_type,  # type: ignore[arg-type]
        stack=STACK,
        request_id=str(uuid.uuid4()),
        response_url="https://127.0.0.1:1/b/k?X-Amz-Signature=0",
        logical_resource_id="Policy",
        resource_type="Custom::BackupOrgPolicy",
        properties={"ServiceToken": TOKEN, "PolicyName": "Daily"},
        **extra,  # type: ignore[arg-type]
    )


def test_stack_identity_gives_real_looking_arns() -> None:
    assert re.fullmatch(
        r"arn:aws:cloudformation:eu-west-1:111122223333:stack/org-backup/[0-9a-f-]{36}",
        STACK.stack_id,
    )
    assert STACK.service_token == TOKEN


@pytest.mark.parametrize(
    ("request_type", "extra", "keys"),
    [
        ("Create", {}, []),
        ("Update", {"physical_resource_id": "p-1", "old_properties": {}}, ["PhysicalResourceId"]),
        ("Delete", {"physical_resource_id": "p-1"}, ["PhysicalResourceId"]),
    ],
)
def test_events_carry_exactly_the_documented_keys(
    request_type: str, extra: dict[str, object], keys: list[str]
) -> None:
    event = _event(request_type, **extra)

    common = ["RequestType", "ServiceToken", "ResponseURL", "StackId", "RequestId"]
    common += ["LogicalResourceId", "ResourceType", *keys, "ResourceProperties"]
    if request_type == "Update":
        common.append("OldResourceProperties")
    assert list(event) == common
    assert event["ServiceToken"] == TOKEN


@pytest.mark.parametrize(
    ("request_type", "extra", "message"),
    [
        ("Update", {"old_properties": {}}, "needs a PhysicalResourceId"),
        ("Delete", {}, "needs a PhysicalResourceId"),
        ("Update", {"physical_resource_id": "p-1"}, "needs OldResourceProperties"),
    ],
)
def test_incomplete_requests_are_refused(
    request_type: str, extra: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _event(request_type, **extra)


def test_properties_get_the_service_token_first_and_scalars_as_strings() -> None:
    given = {"ServiceToken": "ignored", "Days": 35, "Enabled": True, "Ratio": 0.5, "Tags": None}
    given["Nested"] = {"List": [1, False, "x"]}

    assert cfn_properties(given, service_token=TOKEN) == {
        "ServiceToken": TOKEN,
        "Days": "35",
        "Enabled": "true",
        "Ratio": "0.5",
        "Tags": None,
        "Nested": {"List": ["1", "false", "x"]},
    }
    assert cfn_properties({"Days": 35}, service_token=TOKEN, stringify=False)["Days"] == 35
