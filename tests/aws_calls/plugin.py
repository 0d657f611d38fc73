"""pytest plugin: record the AWS calls of every Lambda across the session, and run the role
check (``test_calls_in_role.py::test_every_recorded_call_is_within_the_role``) last.

Hooks go in before any test makes a boto3 client; packaged Lambdas log to a file in the
session's temporary folder, read after each test so every call names the test that made it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.aws_calls import recorder

__all__ = ["CHECK", "SessionCalls", "session_calls"]

CHECK = "test_every_recorded_call_is_within_the_role"

recorder.install()


class SessionCalls:
    """The calls recorded in this session, and the test files the session runs."""

    def __init__(self) -> None:
        self.log: Path | None = None
        self.offset = 0
        self.packaged: list[recorder.Call] = []
        self.files: set[str] = set()

    def calls(self) -> list[recorder.Call]:
        return [*recorder.in_process_calls(), *self.packaged]

    def collect_packaged(self, test: str) -> None:
        if self.log is None:
            return
        found, self.offset = recorder.worker_calls(self.log, test, self.offset)
        self.packaged.extend(found)


_session = SessionCalls()


def session_calls() -> SessionCalls:
    """This session's recorded calls."""
    return _session


def pytest_sessionstart(session: pytest.Session) -> None:
    _session.log = Path(tempfile.mkdtemp(prefix="lambda-calls-")) / "calls.jsonl"
    os.environ[recorder.CALL_LOG_VARIABLE] = str(_session.log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The role check goes last, after every test that records calls."""
    items.sort(key=lambda item: item.name == CHECK)


def pytest_collection_finish(session: pytest.Session) -> None:
    _session.files = {item.nodeid.split("::", 1)[0] for item in session.items}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[Any]:
    """Attribute the calls made while ``item`` runs (setup to teardown) to it."""
    start = len(recorder.in_process_calls())
    try:
        return (yield)
    finally:
        calls = recorder.in_process_calls()
        for index in range(start, len(calls)):
            if not calls[index].test:
                calls[index] = recorder.with_test(calls[index], item.nodeid)
        _session.collect_packaged(item.nodeid)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[Any]:
    """Read the packaged Lambdas' calls as soon as the test body ends, while the emulator still
    knows whose access keys they used (fixtures may reset it at teardown)."""
    try:
        return (yield)
    finally:
        _session.collect_packaged(item.nodeid)


def pytest_unconfigure(config: pytest.Config) -> None:
    os.environ.pop(recorder.CALL_LOG_VARIABLE, None)
    if _session.log is not None:
        shutil.rmtree(_session.log.parent, ignore_errors=True)
