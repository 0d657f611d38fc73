"""The loopback HTTPS endpoint: where it binds, whom it trusts, and that it really stops."""

from __future__ import annotations

import re
import socket
import ssl
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from rehearsal.cfn import LoopbackTLS, ResponseEndpoint, trusting

STACK_ID = (
    "arn:aws:cloudformation:us-east-1:123456789012:stack/s/0b5e6a9e-8d4f-4c1b-9d37-0d1c2c9a7f10"
)


@pytest.fixture
def tls(tmp_path: Path) -> LoopbackTLS:
    return LoopbackTLS.create(tmp_path)


@pytest.fixture
def endpoint(tls: LoopbackTLS) -> Iterator[ResponseEndpoint]:
    with ResponseEndpoint(tls, region="us-east-1") as running:
        yield running


def _put(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": ""})
    with urllib.request.urlopen(request, timeout=5) as response:
        return int(response.status)


def test_binds_loopback_only_and_refuses_connections_once_stopped(tls: LoopbackTLS) -> None:
    with ResponseEndpoint(tls, region="us-east-1") as endpoint:
        host, port = endpoint.address
        assert (host, endpoint.running) == ("127.0.0.1", True)

    assert not endpoint.running
    assert not [
        thread for thread in threading.enumerate() if thread.name == "cfn-response-endpoint"
    ]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_response_url_looks_like_a_presigned_s3_url(endpoint: ResponseEndpoint) -> None:
    url = urlsplit(endpoint.presign(STACK_ID, "Policy", "5a1ad2b8-3a52-4f5e-9e7e-1b2f0c3d4e5f"))

    assert (url.scheme, url.netloc) == ("https", f"127.0.0.1:{endpoint.port}")
    bucket, key = url.path.lstrip("/").split("/", 1)
    assert bucket == "cloudformation-custom-resource-response-useast1"
    assert unquote(key) == f"{STACK_ID}|Policy|5a1ad2b8-3a52-4f5e-9e7e-1b2f0c3d4e5f"
    query = parse_qs(url.query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert re.fullmatch(r"[0-9a-f]{64}", query["X-Amz-Signature"][0])


def test_default_tls_context_trusts_the_endpoint_only_inside_trusting(
    endpoint: ResponseEndpoint, tls: LoopbackTLS
) -> None:
    url = endpoint.presign(STACK_ID, "Policy", "r-1")

    with pytest.raises(urllib.error.URLError) as refused:
        _put(url, b"{}")
    assert isinstance(refused.value.reason, ssl.SSLCertVerificationError)

    with trusting(tls.bundle_path):
        assert _put(url, b'{"Status": "SUCCESS"}') == 200
    received = endpoint.wait(url, count=2, timeout=0)
    assert [(item.method, item.body) for item in received] == [("PUT", b'{"Status": "SUCCESS"}')]


def test_unknown_urls_get_403_and_are_kept_as_strays(
    endpoint: ResponseEndpoint, tls: LoopbackTLS
) -> None:
    url = endpoint.presign(STACK_ID, "Policy", "r-1")

    with trusting(tls.bundle_path), pytest.raises(urllib.error.HTTPError, match="403"):
        _put(url + "&extra=1", b"{}")

    assert [stray.body for stray in endpoint.take_strays()] == [b"{}"]
    assert endpoint.take_strays() == ()
    assert endpoint.wait(url, count=1, timeout=0) == ()
