"""POSTing webhooks: signed, to checked addresses only, within a time and a size budget.

httpcore (under httpx) lets the connection go through our own network backend, which resolves
the host itself and connects only to addresses `targets` allows, keeping the name for TLS
(SNI, certificate check). Every socket operation of a request shares one deadline, so a
receiver dripping bytes cannot hold a worker past SUPPORTDESK_WEBHOOK_TIMEOUT (well inside
SUPPORTDESK_CLAIM_TIMEOUT). Redirects are not followed: a 3xx is a failed delivery.
"""

from __future__ import annotations

import hashlib
import hmac
import ssl
import time
import typing
from dataclasses import dataclass
from types import TracebackType
from typing import Self

import httpcore
from django.conf import settings

from supportdesk.webhooks.targets import guarded_addresses

# Read at most this much of a receiver's answer; keep this much of it for the delivery log.
RESPONSE_LIMIT_BYTES = 64 * 1024
STORED_RESPONSE_CHARS = 2000
USER_AGENT = "SupportDesk-Webhooks/1"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, as receivers recompute it."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@dataclass(frozen=True)
class PostResult:
    ok: bool
    status_code: int | None = None
    body: str = ""
    error: str = ""


class _Deadline:
    def __init__(self) -> None:
        self.at = 0.0

    def timeout(self, asked: float | None) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the receiver took longer than the webhook timeout")
        return left if asked is None else min(asked, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.timeout(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.timeout(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, self._deadline.timeout(timeout))
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    def __init__(self, deadline: _Deadline) -> None:
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        failure: Exception | None = None
        for address, address_port in guarded_addresses(host, port):
            try:
                stream = super().connect_tcp(
                    address,
                    address_port,
                    self._deadline.timeout(timeout),
                    local_address,
                    socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        raise failure or httpcore.ConnectError(f"{host}: no address to connect to")


class WebhookPoster:
    """One worker's connections to receivers, for a batch of deliveries."""

    def __init__(self) -> None:
        self._timeout = float(settings.SUPPORTDESK_WEBHOOK_TIMEOUT)
        self._deadline = _Deadline()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(),
            network_backend=_GuardedBackend(self._deadline),
            max_connections=4,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._pool.close()

    def post(self, url: str, *, headers: dict[str, str], body: bytes) -> PostResult:
        self._deadline.at = time.monotonic() + self._timeout
        sent_headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            **headers,
        }
        timeouts = dict.fromkeys(("connect", "read", "write", "pool"), self._timeout)
        try:
            with self._pool.stream(
                "POST",
                url,
                headers=list(sent_headers.items()),
                content=body,
                extensions={"timeout": timeouts},
            ) as response:
                answer = _read_capped(response)
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError,
                httpcore.UnsupportedProtocol, OSError) as exc:  # fmt: skip
            return PostResult(ok=False, error=f"{type(exc).__name__}: {exc}")
        text = answer.decode("utf-8", errors="replace")[:STORED_RESPONSE_CHARS]
        status = response.status
        if 200 <= status < 300:
            return PostResult(ok=True, status_code=status, body=text)
        return PostResult(ok=False, status_code=status, body=text, error=f"HTTP {status}")


def _read_capped(response: httpcore.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_stream():
        chunks.append(chunk)
        size += len(chunk)
        if size >= RESPONSE_LIMIT_BYTES:
            break  # the rest is not ours to wait for; the connection is closed, not reused
    return b"".join(chunks)[:RESPONSE_LIMIT_BYTES]
