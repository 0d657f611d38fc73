"""Shared fixtures: a safe AWS environment, the emulator in-process and as a loopback server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

# Never reach real AWS from a test: fake credentials, a fixed Region, no profile or endpoint
# inherited from the developer's shell. Set before boto3 is imported anywhere.
for _name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
    os.environ.pop(_name, None)
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
    AWS_REGION="us-east-1",
    MOTO_EC2_LOAD_DEFAULT_AMIS="false",
    POWERTOOLS_SERVICE_NAME="tests",
    POWERTOOLS_METRICS_NAMESPACE="OrgBackupTests",
    POWERTOOLS_TRACE_DISABLED="true",
)

from moto import mock_aws  # noqa: E402

from rehearsal.cfn import CfnDriver, DriverConfig, DriverFactory, Handler  # noqa: E402
from rehearsal.emulator import register  # noqa: E402
from rehearsal.emulator.server import reset, running_emulator  # noqa: E402

# Records every AWS call the Lambdas make, for the role check (tests/aws_calls).
pytest_plugins = ("tests.aws_calls.plugin",)


@pytest.fixture
def aws() -> Iterator[None]:
    """The emulator in-process: every boto3 client created inside the test is served by moto."""
    register()
    with mock_aws():
        yield


@pytest.fixture(scope="session")
def _emulator_server() -> Iterator[str]:
    with running_emulator() as endpoint:
        yield endpoint


@pytest.fixture
def emulator_endpoint(_emulator_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The emulator as a server on 127.0.0.1 (one per session, state wiped for each test).

    ``AWS_ENDPOINT_URL`` points every boto3 client created in the test at it.
    """
    reset(_emulator_server)
    monkeypatch.setenv("AWS_ENDPOINT_URL", _emulator_server)
    yield _emulator_server
    reset(_emulator_server)


@pytest.fixture
def cfn_driver() -> Iterator[DriverFactory]:
    """Make started CloudFormation custom-resource drivers (``rehearsal.cfn``).

    Call it as ``cfn_driver(handler)`` or ``cfn_driver(handler, DriverConfig(...))``; every
    driver's HTTPS endpoint is stopped, and late answers are checked, when the test ends.
    """
    with ExitStack() as stack:

        def make(handler: Handler, config: DriverConfig | None = None) -> CfnDriver:
            return stack.enter_context(CfnDriver(handler, config))

        yield make
