"""The loopback HTTPS endpoint that receives custom-resource responses, as S3 would.

It binds 127.0.0.1 on a free port, hands out presigned-S3-looking URLs and records every
request it receives, keyed by the exact path and query the handler used.
"""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime
from urllib.parse import quote, urlencode, urlsplit

from rehearsal.cfn.server import LoopbackHTTPSServer, ReceivedResponse
from rehearsal.cfn.tls import LoopbackTLS

__all__ = ["ReceivedResponse", "ResponseEndpoint"]


class ResponseEndpoint:
    """Loopback HTTPS server standing in for CloudFormation's presigned S3 response URLs."""

    def __init__(self, tls: LoopbackTLS, *, region: str) -> None:
        self._tls = tls
        self._region = region
        self._server: LoopbackHTTPSServer | None = None
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self._by_target: dict[str, list[ReceivedResponse]] = {}
        self._strays: list[ReceivedResponse] = []

    @property
    def address(self) -> tuple[str, int]:
        """The bound (host, port); the host is always 127.0.0.1."""
        if self._server is None:
            raise RuntimeError("the response endpoint is not started; use it in a with block")
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def port(self) -> int:
        return self.address[1]

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> ResponseEndpoint:
        """Bind 127.0.0.1 on a free port and serve from a background thread."""
        self._server = LoopbackHTTPSServer(self._tls.server_context, self.record)
        # A short poll keeps close() quick: shutdown() waits for the loop's next poll.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="cfn-response-endpoint",
            daemon=True,
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving, close the socket and join the server and request threads."""
        if self._server is None or self._thread is None:
            return
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()

    def presign(
        self, stack_id: str, logical_id: str, request_id: str, *, region: str | None = None
    ) -> str:
        """Return a new response URL shaped like CloudFormation's presigned S3 URL.

        ``region`` names the stack's Region in the URL (default: the endpoint's).
        """
        region = region or self._region
        now = datetime.now(UTC)
        scope = f"{now:%Y%m%d}/{region}/s3/aws4_request"
        bucket = f"cloudformation-custom-resource-response-{region.replace('-', '')}"
        key = quote(f"{stack_id}|{logical_id}|{request_id}", safe="")
        query = urlencode(
            {
                "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
                "X-Amz-Credential": f"AKIAIOSFODNN7EXAMPLE/{scope}",
                "X-Amz-Date": f"{now:%Y%m%dT%H%M%SZ}",
                "X-Amz-Expires": "7200",
                "X-Amz-SignedHeaders": "host",
                "X-Amz-Signature": secrets.token_hex(32),
            }
        )
        target = f"/{bucket}/{key}?{query}"
        with self._changed:
            self._by_target[target] = []
        return f"https://127.0.0.1:{self.port}{target}"

    def wait(self, url: str, *, count: int, timeout: float) -> tuple[ReceivedResponse, ...]:
        """Wait until ``count`` responses reached ``url`` or ``timeout`` passed; return them."""
        parts = urlsplit(url)
        target = f"{parts.path}?{parts.query}"
        with self._changed:
            self._changed.wait_for(lambda: len(self._by_target[target]) >= count, timeout)
            return tuple(self._by_target[target])

    def take_strays(self) -> tuple[ReceivedResponse, ...]:
        """Return and forget the requests sent to URLs this endpoint never handed out."""
        with self._changed:
            strays, self._strays = tuple(self._strays), []
        return strays

    def record(self, received: ReceivedResponse) -> bool:
        """Store one request; ``False`` when its URL is unknown (answered 403, as S3 would)."""
        with self._changed:
            bucket = self._by_target.get(received.target)
            (self._strays if bucket is None else bucket).append(received)
            self._changed.notify_all()
        return bucket is not None
