"""The emulator as an HTTP server on 127.0.0.1, for the rehearsal and server-mode tests."""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from moto.server import ThreadedMotoServer

from rehearsal.emulator import register

LOOPBACK = "127.0.0.1"


@contextmanager
def running_emulator(port: int = 0) -> Iterator[str]:
    """Start moto (with our extensions) on 127.0.0.1 and yield its endpoint URL.

    ``port=0`` picks a free port. The server is stopped when the block exits, even on error.
    Werkzeug's per-request access log is silenced; errors still reach the log.
    """
    register()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address=LOOPBACK, port=port, verbose=False)
    server.start()
    try:
        host, bound_port = server.get_host_and_port()
        yield f"http://{host}:{bound_port}"
    finally:
        server.stop()


def reset(endpoint: str) -> None:
    """Wipe all emulator state behind ``endpoint`` (moto's reset API)."""
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        json.loads(response.read() or b"{}")
