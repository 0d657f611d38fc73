"""Each kind of bad answer, sent by a real (mis)behaving handler, is caught with its error."""

from __future__ import annotations

import urllib.error
from typing import Any

import pytest

from rehearsal.cfn import (
    DriverConfig,
    DriverFactory,
    DuplicateResponseError,
    FakeLambdaContext,
    InvalidFieldError,
    NoResponseError,
    PhysicalIdChangedError,
    ResponseTooLargeError,
    StrayResponseError,
)
from tests.cfn import handlers

FAST = DriverConfig(grace_s=0.1)


def test_two_answers_to_one_request_are_refused(cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handlers.answers_twice(), FAST)

    with pytest.raises(DuplicateResponseError, match="2 responses") as caught:
        driver.create({"PolicyName": "Daily"})

    assert caught.value.kind == "duplicate-response"
    assert len(caught.value.bodies) == 2


def test_no_answer_is_refused(cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handlers.answers_nothing, FAST)

    with pytest.raises(NoResponseError, match="returned without answering"):
        driver.create({"PolicyName": "Daily"})


def test_a_body_over_4096_bytes_is_refused(cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handlers.oversized_data(), FAST)

    with pytest.raises(ResponseTooLargeError, match="limit is 4096"):
        driver.create({"PolicyName": "Daily"})


def test_failed_without_reason_is_refused(cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handlers.failed_without_reason, FAST)

    with pytest.raises(InvalidFieldError, match="needs a non-empty Reason") as caught:
        driver.create({"PolicyName": "Daily"})

    assert caught.value.field == "Reason"


def test_another_physical_id_on_delete_is_refused(cfn_driver: DriverFactory) -> None:
    driver = cfn_driver(handlers.changes_id_on_delete(), FAST)
    driver.create({"PolicyName": "Daily"})

    with pytest.raises(PhysicalIdChangedError, match=r"'p-daily'.*'p-someone-else'") as caught:
        driver.delete()

    assert caught.value.field == "PhysicalResourceId"


def test_an_answer_to_an_unknown_url_is_refused(cfn_driver: DriverFactory) -> None:
    def handler(event: dict[str, Any], context: FakeLambdaContext) -> None:
        wrong = event["ResponseURL"].replace("X-Amz-Signature=", "X-Amz-Signature=0")
        with pytest.raises(urllib.error.HTTPError, match="403"):
            handlers.put_response(
                event, {"Status": "SUCCESS", "PhysicalResourceId": "p"}, url=wrong
            )

    with pytest.raises(StrayResponseError):
        cfn_driver(handler, FAST).create({"PolicyName": "Daily"})
