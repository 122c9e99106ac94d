import email.parser
import email.policy
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.collect.conftest import Run


class Desk:
    """A tiny stand-in for the desk's upload endpoint; records what it received."""

    def __init__(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.requests: list[dict[str, object]] = []


@pytest.fixture
def desk() -> Iterator[tuple[Desk, str]]:
    state = Desk(201, b'{"ok": true, "ticket": "SD-1042", "attachment_id": 77}')

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            raw = self.rfile.read(length)
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + raw
            )
            parts = {
                part.get_param("name", header="content-disposition"): part
                for part in message.iter_parts()
            }
            state.requests.append(
                {
                    "path": self.path,
                    "authorization": self.headers["Authorization"],
                    "ticket": parts["ticket"].get_content().strip(),
                    "filename": parts["bundle"].get_filename(),
                    "bundle": parts["bundle"].get_content(),
                    "bundle_type": parts["bundle"].get_content_type(),
                }
            )
            self.send_response(state.status)
            self.send_header("Content-Type", state.content_type)
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/api/diagnostics/bundles"
    finally:
        server.shutdown()
        server.server_close()


def test_the_bundle_is_posted_with_ticket_and_bearer_token(
    run_collector: Callable[..., Run], desk: tuple[Desk, str], tmp_path: Path
) -> None:
    state, url = desk
    run = run_collector(
        "-o",
        "d.tar.gz",
        "--upload",
        url,
        "--ticket",
        "SD-1042",
        "--token",
        "upl-123",
        scenario="docker_compose_app",
    )
    assert run.code == 0, run.stderr
    assert (
        'uploaded to ticket SD-1042: {"ok": true, "ticket": "SD-1042", "attachment_id": 77}'
        in run.stdout
    )
    (request,) = state.requests
    assert request["path"] == "/api/diagnostics/bundles"
    assert request["authorization"] == "Bearer upl-123"
    assert request["ticket"] == "SD-1042"
    assert request["filename"] == "d.tar.gz"
    assert request["bundle_type"] == "application/gzip"
    assert request["bundle"] == (tmp_path / "d.tar.gz").read_bytes()


def test_the_token_can_come_from_the_environment(
    run_collector: Callable[..., Run], desk: tuple[Desk, str]
) -> None:
    state, url = desk
    run = run_collector(
        "--upload",
        url,
        "--ticket",
        "SD-7",
        scenario="docker_compose_app",
        SUPPORTDESK_TOKEN="from-env",
    )
    assert run.code == 0, run.stderr
    assert state.requests[0]["authorization"] == "Bearer from-env"


@pytest.mark.parametrize(
    ("status", "body", "shown"),
    [
        (403, b'{"error": "upload token expired"}', "(HTTP 403): upload token expired"),
        (404, b'{"detail": "ticket SD-1042 not found"}', "(HTTP 404): ticket SD-1042 not found"),
        (
            500,
            b"<html>Internal Server Error</html>",
            "(HTTP 500): <html>Internal Server Error</html>",
        ),
    ],
)
def test_a_refused_upload_is_a_clear_error_and_keeps_the_bundle(
    run_collector: Callable[..., Run],
    desk: tuple[Desk, str],
    tmp_path: Path,
    status: int,
    body: bytes,
    shown: str,
) -> None:
    state, url = desk
    state.status, state.body = status, body
    run = run_collector(
        "-o",
        "d.tar.gz",
        "--upload",
        url,
        "--ticket",
        "SD-1042",
        "--token",
        "t",
        scenario="docker_compose_app",
    )
    assert run.code == 7
    assert f"the desk refused the upload {shown}" in run.stderr
    assert "сервер поддержки отклонил загрузку" in run.stderr
    assert (tmp_path / "d.tar.gz").exists()  # the admin can send it another way


def test_an_unreachable_desk_is_a_clear_error(run_collector: Callable[..., Run]) -> None:
    run = run_collector(
        "--upload",
        "http://127.0.0.1:9/upload",
        "--ticket",
        "1",
        "--token",
        "t",
        scenario="docker_compose_app",
    )
    assert run.code == 7
    assert "cannot reach the desk at http://127.0.0.1:9/upload" in run.stderr
    assert "нет связи с сервером поддержки" in run.stderr


def test_a_success_answer_that_is_not_json_is_reported(
    run_collector: Callable[..., Run], desk: tuple[Desk, str]
) -> None:
    state, url = desk
    state.status, state.body, state.content_type = 200, b"OK", "text/plain"
    run = run_collector(
        "--upload", url, "--ticket", "1", "--token", "t", scenario="docker_compose_app"
    )
    assert run.code == 7
    assert "not JSON" in run.stderr
    assert json.loads(json.dumps(state.requests[0]["ticket"])) == "1"
