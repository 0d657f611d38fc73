"""Run-time TLS material for the loopback response endpoint, and trusting it for one call.

crhelper sends its response over HTTPS with ``ssl.create_default_context()`` unless the
handler passes ``ssl_verify``; handlers must not know they run locally, so we trust our CA
through OpenSSL's ``SSL_CERT_FILE`` only while a handler runs.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import trustme

__all__ = ["LoopbackTLS", "trusting"]

_CERT_FILE_ENV = "SSL_CERT_FILE"


@dataclass(frozen=True, slots=True)
class LoopbackTLS:
    """A throw-away CA, a server context for 127.0.0.1 and a CA bundle file on disk."""

    server_context: ssl.SSLContext
    ca_pem: bytes
    bundle_path: Path

    @classmethod
    def create(cls, directory: Path) -> LoopbackTLS:
        """Make a CA and a server certificate for the IP 127.0.0.1, writing the bundle."""
        ca = trustme.CA(organization_name="rehearsal.cfn loopback CA")
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(server_context)
        ca_pem: bytes = ca.cert_pem.bytes()
        bundle_path = directory / "cfn-loopback-ca-bundle.pem"
        # Keep the roots the process already trusted: handler code that also calls real
        # HTTPS endpoints with a default context must keep working during the invocation.
        bundle_path.write_bytes(ca_pem + b"\n" + _current_roots())
        return cls(server_context=server_context, ca_pem=ca_pem, bundle_path=bundle_path)


def _current_roots() -> bytes:
    cafile = os.environ.get(_CERT_FILE_ENV) or ssl.get_default_verify_paths().openssl_cafile
    try:
        return Path(cafile).read_bytes()
    except OSError:
        return b""


@contextmanager
def trusting(bundle_path: Path) -> Iterator[None]:
    """Point ``SSL_CERT_FILE`` at ``bundle_path`` for the block, then restore the old value.

    OpenSSL reads the variable each time a default context loads its verify paths, so this
    reaches ``crhelper.utils._send_response`` without the handler passing ``ssl_verify``.
    """
    previous = os.environ.get(_CERT_FILE_ENV)
    os.environ[_CERT_FILE_ENV] = str(bundle_path)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(_CERT_FILE_ENV, None)
        else:
            os.environ[_CERT_FILE_ENV] = previous
