"""``python -m rehearsal.emulator.sample_org`` (``make emulator``) as a user runs it: it prints
its endpoint, the CLI reads the sample organization there, and SIGINT stops it cleanly (exit 0,
port closed)."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

from orgbackup.cli.config_options import REPOSITORY

PREFIX = "AWS_ENDPOINT_URL="


def _endpoint(process: subprocess.Popen[str], timeout: float = 60) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            line = process.stdout.readline()
            if line.startswith(PREFIX):
                return line.strip().removeprefix(PREFIX)
            assert line or process.poll() is None, "the emulator exited before its endpoint line"
    raise AssertionError("no endpoint line within the timeout")


def test_it_serves_the_sample_organization_until_sigint() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "rehearsal.emulator.sample_org"],
        cwd=REPOSITORY,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        endpoint = _endpoint(process)
        preview = subprocess.run(
            [sys.executable, "-m", "orgbackup.cli", "preview", "--from-aws", "--summary",
             "--endpoint-url", endpoint],
            env={**env, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert preview.returncode == 0, preview.stderr
        assert "2 with every plan complete" in preview.stdout
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert out.rstrip().endswith("emulator stopped")
    address = urlsplit(endpoint)
    with socket.socket() as probe:
        assert probe.connect_ex((address.hostname, address.port)) != 0


def test_a_taken_port_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            [sys.executable, "-m", "rehearsal.emulator.sample_org", "--port", port],
            cwd=REPOSITORY, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Address already in use" in result.stderr
