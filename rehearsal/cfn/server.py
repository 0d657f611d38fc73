"""The HTTPS server under the response endpoint: 127.0.0.1 only, TLS handshakes per request."""

from __future__ import annotations

import logging
import secrets
import socket
import socketserver
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["LoopbackHTTPSServer", "ReceivedResponse"]

logger = logging.getLogger(__name__)

# A client that connects and then stalls must not keep a server thread (and close()) waiting.
_IO_TIMEOUT_S = 5.0
_MAX_READ = 1 << 20


@dataclass(frozen=True, slots=True)
class ReceivedResponse:
    """One HTTP request received by the endpoint (``received_at`` is ``time.monotonic()``)."""

    method: str
    target: str
    body: bytes
    received_at: float


class LoopbackHTTPSServer(ThreadingHTTPServer):
    """HTTPS on 127.0.0.1 with a free port; hands each request to ``record``."""

    # Non-daemon request threads plus block_on_close make server_close() join them all.
    daemon_threads = False
    block_on_close = True

    def __init__(
        self, tls_context: ssl.SSLContext, record: Callable[[ReceivedResponse], bool]
    ) -> None:
        self.record = record
        self._tls_context = tls_context
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup of the host, which can be slow.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", int(self.server_address[1])

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = self.socket.accept()
        sock.settimeout(_IO_TIMEOUT_S)
        # The TLS handshake then happens in the request thread, not in serve_forever.
        wrapped = self._tls_context.wrap_socket(
            sock, server_side=True, do_handshake_on_connect=False
        )
        return wrapped, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("response endpoint: error from %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: LoopbackHTTPSServer
    timeout = _IO_TIMEOUT_S

    def do_PUT(self) -> None:
        self._record()

    def do_POST(self) -> None:
        self._record()

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, _MAX_READ))
        received = ReceivedResponse(self.command, self.path, body, time.monotonic())
        known = self.server.record(received)
        self.send_response(200 if known else 403)
        self.send_header("Content-Length", "0")
        self.send_header("x-amz-request-id", secrets.token_hex(8).upper())
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("response endpoint: " + format, *args)
