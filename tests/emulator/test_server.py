"""The emulator server binds to loopback only, serves boto3, and stops when asked."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import boto3
import pytest

from rehearsal.emulator import EXTENSIONS, SUPPORTED_MOTO, registered
from rehearsal.emulator.server import running_emulator


def test_server_binds_loopback_and_stops() -> None:
    with running_emulator() as endpoint:
        url = urlsplit(endpoint)
        assert url.hostname == "127.0.0.1"
        assert url.port
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        s3.create_bucket(Bucket="probe")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["probe"]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", url.port), timeout=1).close()


def test_emulator_endpoint_fixture_is_reset_between_tests(emulator_endpoint: str) -> None:
    s3 = boto3.client("s3")
    assert s3.list_buckets()["Buckets"] == []
    s3.create_bucket(Bucket="left-behind")


def test_emulator_endpoint_fixture_starts_empty_again(emulator_endpoint: str) -> None:
    assert boto3.client("s3").list_buckets()["Buckets"] == []


def test_every_extension_is_registered_once(aws: None) -> None:
    from moto import __version__

    assert __version__ in SUPPORTED_MOTO
    names = registered()
    assert names == tuple(extension.name for extension in EXTENSIONS)
    assert len(set(names)) == len(names) >= 5
