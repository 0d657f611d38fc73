"""One invocation as Lambda runs it: timeouts, TLS trust, late answers, the Powertools context."""

from __future__ import annotations

import http.client
import os
import ssl
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from rehearsal.cfn import (
    CfnDriver,
    DriverConfig,
    DriverFactory,
    DuplicateResponseError,
    FakeLambdaContext,
    InvalidFieldError,
    NoResponseError,
)
from tests.cfn import handlers

FAST = DriverConfig(grace_s=0.1)


def test_crhelper_timeout_answer_is_the_one_counted_and_its_empty_id_refused(
    cfn_driver: DriverFactory,
) -> None:
    # crhelper's timer sends FAILED 0.5 s before the timeout, before Create set an id. Create
    # returns at 1.2 s, inside the grace period (so its own SUCCESS still reaches the trusted
    # endpoint), after the 1.0 s timeout (so that second answer is not counted).
    release = threading.Event()
    driver = cfn_driver(
        handlers.blocks_until(release, after=1.2), DriverConfig(timeout_s=1.0, grace_s=0.6)
    )

    with pytest.raises(
        InvalidFieldError, match="PhysicalResourceId: must be a non-empty"
    ) as caught:
        driver.create({"PolicyName": "Daily"})

    assert [body.count(b"Execution timed out") for body in caught.value.bodies] == [1]


def test_a_handler_that_never_returns_cannot_hang_the_driver(cfn_driver: DriverFactory) -> None:
    release = threading.Event()

    def stuck(event: dict[str, Any], context: FakeLambdaContext) -> None:
        release.wait(10)

    driver = cfn_driver(stuck, DriverConfig(timeout_s=0.3, grace_s=0.1))
    try:
        with pytest.raises(NoResponseError, match=r"still running at its 0.3 s timeout"):
            driver.create({"PolicyName": "Daily"})
    finally:
        release.set()


def test_ssl_cert_file_points_at_the_ca_only_during_the_invocation(
    cfn_driver: DriverFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sentinel = str(tmp_path / "previous.pem")
    monkeypatch.setenv("SSL_CERT_FILE", sentinel)
    seen: list[str] = []
    helper = handlers.well_behaved()

    def handler(event: dict[str, Any], context: FakeLambdaContext) -> None:
        seen.append(os.environ["SSL_CERT_FILE"])
        helper(event, context)

    driver = cfn_driver(handler, FAST)
    driver.create({"PolicyName": "Daily"})

    assert os.environ["SSL_CERT_FILE"] == sentinel
    assert seen == [str(driver.tls.bundle_path)]
    assert Path(seen[0]).read_bytes().startswith(driver.tls.ca_pem)
    monkeypatch.delenv("SSL_CERT_FILE")
    driver.delete()
    assert "SSL_CERT_FILE" not in os.environ


def test_powertools_logger_accepts_the_fake_context(
    cfn_driver: DriverFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    driver = cfn_driver(handlers.powertools_wrapped(), FAST)

    created = driver.create({"PolicyName": "Daily"})

    assert created.succeeded
    logged = capsys.readouterr().out
    assert '"function_name":"backup-org-policy-manager"' in logged
    assert f'"correlation_id":"{created.request.event["RequestId"]}"' in logged


def test_an_answer_after_the_grace_period_fails_the_driver_on_exit() -> None:
    judged, sent_late = threading.Event(), threading.Event()

    def handler(event: dict[str, Any], context: FakeLambdaContext) -> None:
        handlers.put_response(event, {"Status": "SUCCESS", "PhysicalResourceId": "p-1"})
        trusted = ssl.create_default_context()  # made while the driver's CA is trusted

        def again() -> None:
            judged.wait(5)
            url = urlsplit(event["ResponseURL"])
            connection = http.client.HTTPSConnection(url.netloc, context=trusted, timeout=5)
            connection.request("PUT", f"{url.path}?{url.query}", body=b"{}")
            connection.getresponse().close()
            connection.close()
            sent_late.set()

        threading.Thread(target=again, daemon=True).start()

    with ExitStack() as stack:
        driver = stack.enter_context(CfnDriver(handler, FAST))
        assert driver.create({"PolicyName": "Daily"}).succeeded
        judged.set()
        assert sent_late.wait(5)
        with pytest.raises(DuplicateResponseError, match="after the first was judged"):
            stack.close()
