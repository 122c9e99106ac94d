"""A real HTTP receiver on a free port of this machine, answering as a test scripts it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from supportdesk.webhooks.models import SUBSCRIBABLE, WebhookSubscription

SECRET = "receiver-shared-secret-0123456789"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answered in turn, then 200
    delay: float = 0.0  # seconds before answering
    answer: bytes = b'{"ok": true}'


class _Handler(BaseHTTPRequestHandler):
    receiver: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.receiver.requests.append(Received(dict(self.headers.items()), body))
        status = self.receiver.statuses.pop(0) if self.receiver.statuses else 200
        answer = self.receiver.answer if status == 200 else b"receiver broke"
        time.sleep(self.receiver.delay)
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    settings.SUPPORTDESK_WEBHOOK_ALLOW = ["127.0.0.1"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True  # a handler still sleeping does not hold the teardown
    found = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks/supportdesk")
    server.RequestHandlerClass = type("Handler", (_Handler,), {"receiver": found})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def subscription(db, receiver) -> WebhookSubscription:
    return WebhookSubscription.objects.create(
        name="CRM",
        url=receiver.url,
        secret=SECRET,
        event_types=[value for value, _label in SUBSCRIBABLE],
    )
