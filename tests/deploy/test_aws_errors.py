"""The deploy tools end with one line that says what to fix, never a traceback, when AWS cannot
be reached: no credentials, refused or expired credentials, no Region, no endpoint."""

from __future__ import annotations

import socket
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ProfileNotFound,
)

from orgbackup.deploy import bootstrap, publish
from orgbackup.deploy.aws_errors import describe_aws_error
from tests.deploy.conftest import EXAMPLE_CONFIG, Packager


def _client_error(code: str, message: str = "no") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "GetCallerIdentity")


@pytest.mark.parametrize(
    ("error", "start"),
    [
        (NoCredentialsError(), "no usable AWS credentials (Unable to locate credentials): set"),
        (ProfileNotFound(profile="ops"), "The config profile (ops) could not be found: check"),
        (NoRegionError(), "no AWS Region: set AWS_REGION"),
        (EndpointConnectionError(endpoint_url="http://x:9"), "cannot connect to http://x:9:"),
        (_client_error("ExpiredToken"), "GetCallerIdentity: the AWS credentials have expired"),
        (_client_error("InvalidClientTokenId", "bad"), "GetCallerIdentity: the AWS credentials"
         " were refused (InvalidClientTokenId: bad)"),
        (_client_error("AccessDenied", "not you"), "GetCallerIdentity: AccessDenied: not you"),
    ],
)  # fmt: skip
def test_each_failure_gets_one_line_saying_what_to_do(
    error: BotoCoreError | ClientError, start: str
) -> None:
    line = describe_aws_error(error)
    assert line.startswith(start)
    assert "\n" not in line


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # boto3's default session keeps the credentials it resolved for an earlier test.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)


def test_bootstrap_without_credentials_says_so_in_one_line(
    no_credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bootstrap.main(["--config", str(EXAMPLE_CONFIG), "--execute"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no usable AWS credentials")
    assert "Traceback" not in err


def test_publish_without_credentials_says_so_in_one_line(
    no_credentials: None, repo: Path, package: Packager, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    package()
    arguments = ["--config", str(EXAMPLE_CONFIG), "--root", str(repo), "--out", str(tmp_path)]
    assert publish.main(arguments) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no usable AWS credentials")
    assert not (tmp_path / "artifacts.json").exists()  # nothing written after the failure


def test_bootstrap_against_a_closed_port_names_the_endpoint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION")  # the home Region of the config is used for STS
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{probe.getsockname()[1]}"
    code = bootstrap.main(
        ["--config", str(EXAMPLE_CONFIG), "--execute", "--endpoint-url", endpoint]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"error: cannot connect to {endpoint}/")
