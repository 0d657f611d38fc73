"""Every ``backup-policy`` subcommand that reads AWS ends with one line on stderr and exit 2,
never a traceback, when there are no credentials, no Region, or the endpoint is unreachable
(nothing here can reach real AWS: the endpoint is always a closed port on 127.0.0.1)."""

from __future__ import annotations

import socket
from pathlib import Path

import boto3
import pytest

from orgbackup.cli.config_options import REPOSITORY
from tests.cli.conftest import EXAMPLES, Run

CONFIG = REPOSITORY / "deploy" / "config.example.yaml"
COMMANDS = {
    "preview": ["preview", "--from-aws"],
    "preview proposed": [
        "preview",
        "--from-aws",
        "--attachments",
        str(EXAMPLES / "attachments.yaml"),
    ],
    "diff": ["diff", "--config", str(CONFIG)],
    "org export": ["org", "export", "--out", "{tmp}/org.yaml"],
    "preflight": ["preflight", "--config", str(CONFIG)],
}
CASES = {
    "no credentials": ("AWS_ACCESS_KEY_ID", "no usable AWS credentials"),
    "no Region": ("AWS_REGION", "cannot connect to http://127.0.0.1:"),
    "unreachable endpoint": (None, "cannot connect to http://127.0.0.1:"),
}


@pytest.fixture
def closed_port() -> str:
    with socket.socket() as probe:  # a port nothing listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", COMMANDS)
def test_one_line_and_exit_2(
    command: str, case: str, closed_port: str, cli: Run, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    removed, expected = CASES[case]
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    if removed == "AWS_ACCESS_KEY_ID":
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    elif removed == "AWS_REGION":
        monkeypatch.delenv("AWS_REGION")
        monkeypatch.delenv("AWS_DEFAULT_REGION")
    argv = [a.format(tmp=tmp_path) for a in COMMANDS[command]]

    result = cli(*argv, "--endpoint-url", closed_port)

    assert result.code == 2, result.err
    assert result.err.startswith("backup-policy: error:")
    assert expected in result.err
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err
    assert not (tmp_path / "org.yaml").exists()


SETUP_CASES = {
    # botocore raises ValueError("Invalid endpoint: ...") for a URL without its scheme.
    "endpoint without scheme": ("AWS_ENDPOINT_URL", "127.0.0.1:4566", "Invalid endpoint"),
    # botocore.exceptions.ProfileNotFound, raised when the session is made.
    "unknown profile": ("AWS_PROFILE", "no-such-profile", "(no-such-profile) could not be found"),
}


@pytest.mark.parametrize("case", SETUP_CASES)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_client_that_cannot_be_made_is_one_line_and_exit_2(
    command: str, case: str, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    variable, value, expected = SETUP_CASES[case]
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv(variable, value)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    argv = [a.format(tmp=tmp_path) for a in COMMANDS[command]]

    result = cli(*argv)

    assert result.code == 2, result.err
    assert result.err.startswith("backup-policy: error:")
    assert expected in result.err
    assert result.err.count("\n") == 1
    assert not (tmp_path / "org.yaml").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_an_endpoint_url_without_its_scheme_is_a_usage_error(
    command: str, cli: Run, tmp_path: Path
) -> None:
    argv = [a.format(tmp=tmp_path) for a in COMMANDS[command]]

    result = cli(*argv, "--endpoint-url", "127.0.0.1:4566")

    assert result.code == 2
    assert "argument --endpoint-url: expected a URL with its scheme" in result.err
    assert "Traceback" not in result.err
