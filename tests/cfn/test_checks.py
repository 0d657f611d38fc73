"""The response rules, one row per rule: (what the handler sent, the error expected)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rehearsal.cfn import (
    DuplicateResponseError,
    InvalidFieldError,
    MalformedResponseError,
    NoResponseError,
    PhysicalIdChangedError,
    ProtocolError,
    ReceivedResponse,
    ResponseTooLargeError,
    judge,
)

EVENT: dict[str, Any] = {
    "RequestType": "Update",
    "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/s/6f1c1f8e-1111-2222-3333-4444",
    "RequestId": "8d3f6c1e-aaaa-bbbb-cccc-ddddeeeeffff",
    "LogicalResourceId": "Policy",
    "PhysicalResourceId": "p-1",
}
GOOD: dict[str, Any] = {
    "Status": "SUCCESS",
    "Reason": "",
    "PhysicalResourceId": "p-1",
    "StackId": EVENT["StackId"],
    "RequestId": EVENT["RequestId"],
    "LogicalResourceId": "Policy",
    "Data": {"PolicyId": "p-1", "Count": 2, "Enabled": True},
    "NoEcho": False,
}


def _put(body: dict[str, Any] | bytes, method: str = "PUT") -> ReceivedResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return ReceivedResponse(method, "/bucket/key?X-Amz-Signature=0", raw, 0.0)


def _padded_to(size: int) -> dict[str, Any]:
    body = {**GOOD, "Data": {"Pad": ""}}
    body["Data"]["Pad"] = "x" * (size - len(json.dumps(body).encode()))
    return body


def test_a_good_response_is_returned_parsed() -> None:
    assert judge(EVENT, [_put(GOOD)]) == GOOD


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(_padded_to(4096), id="body of exactly 4096 bytes"),
        pytest.param({**GOOD, "PhysicalResourceId": "p" * 1024}, id="replacement id of 1024 bytes"),
        pytest.param({**GOOD, "Status": "FAILED", "Reason": "PolicyName: too long"}, id="FAILED"),
        pytest.param({k: v for k, v in GOOD.items() if k not in ("Data", "NoEcho")}, id="minimal"),
    ],
)
def test_allowed(body: dict[str, Any]) -> None:
    assert judge(EVENT, [_put(body)]) == body


@pytest.mark.parametrize(
    ("received", "error", "field"),
    [
        pytest.param([], NoResponseError, None, id="none"),
        pytest.param([_put(GOOD), _put(GOOD)], DuplicateResponseError, None, id="two"),
        pytest.param([_put(GOOD, "POST")], MalformedResponseError, None, id="not a PUT"),
        pytest.param([_put(_padded_to(4097))], ResponseTooLargeError, None, id="4097 bytes"),
        pytest.param([_put(b"{nope")], MalformedResponseError, None, id="not JSON"),
        pytest.param([_put(b"[]")], MalformedResponseError, None, id="not an object"),
        pytest.param([_put({**GOOD, "Status": "OK"})], InvalidFieldError, "Status", id="status"),
        pytest.param(
            [_put({**GOOD, "Status": "FAILED", "Reason": ""})],
            InvalidFieldError,
            "Reason",
            id="FAILED, empty Reason",
        ),
        pytest.param(
            [_put({k: v for k, v in GOOD.items() if k != "PhysicalResourceId"})],
            InvalidFieldError,
            "PhysicalResourceId",
            id="no physical id",
        ),
        pytest.param(
            [_put({**GOOD, "PhysicalResourceId": "p" * 1025})],
            InvalidFieldError,
            "PhysicalResourceId",
            id="physical id of 1025 bytes",
        ),
        pytest.param(
            [_put({**GOOD, "StackId": "arn:other"})], InvalidFieldError, "StackId", id="stack id"
        ),
        pytest.param(
            [_put({**GOOD, "RequestId": "r-2"})], InvalidFieldError, "RequestId", id="request id"
        ),
        pytest.param(
            [_put({**GOOD, "LogicalResourceId": "Other"})],
            InvalidFieldError,
            "LogicalResourceId",
            id="logical id",
        ),
        pytest.param([_put({**GOOD, "Data": ["a"]})], InvalidFieldError, "Data", id="Data list"),
        pytest.param(
            [_put({**GOOD, "Data": {"Plan": {"a": "b"}}})],
            InvalidFieldError,
            "Data",
            id="Data nested",
        ),
        pytest.param([_put({**GOOD, "NoEcho": "yes"})], InvalidFieldError, "NoEcho", id="NoEcho"),
    ],
)
def test_refused(
    received: list[ReceivedResponse], error: type[ProtocolError], field: str | None
) -> None:
    with pytest.raises(error) as caught:
        judge(EVENT, received)

    assert type(caught.value) is error
    assert caught.value.field == field
    assert caught.value.event == EVENT
    assert str(caught.value).startswith(f"Update Policy (RequestId {EVENT['RequestId']}): ")


def test_delete_must_answer_with_the_id_it_was_sent() -> None:
    delete = {**EVENT, "RequestType": "Delete"}

    with pytest.raises(PhysicalIdChangedError) as caught:
        judge(delete, [_put({**GOOD, "PhysicalResourceId": "p-2"})])

    assert (caught.value.kind, caught.value.field) == ("physical-id-changed", "PhysicalResourceId")
