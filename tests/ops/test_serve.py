"""`supportdesk serve` as `make run` uses it: a real uvicorn, worker and scheduler."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from supportdesk.ops.management.commands import serve
from tests.ops.processes import Desk, free_port


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def served(tmp_path: Path):
    port = free_port()
    env = Desk(tmp_path / "var").env
    # Left by an earlier run of the node: its histograms must not count in this one.
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    (metrics / "histogram_1.db").write_bytes(b"\0" * 64)
    env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "supportdesk", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield proc, port, tmp_path / "var"
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_serve_prints_credentials_and_becomes_ready_with_its_worker(served):
    proc, port, var = served
    deadline = time.monotonic() + 90
    status, body = 0, ""
    while time.monotonic() < deadline:
        try:
            status, body = _get(f"http://127.0.0.1:{port}/readyz")
        except OSError:
            status = 0
        if status == 200:
            break
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        time.sleep(1)
    assert status == 200, body
    assert '"worker": "ok"' in body

    assert _get(f"http://127.0.0.1:{port}/admin/login/")[0] == 200
    status, exposition = _get(f"http://127.0.0.1:{port}/metrics")
    assert status == 200
    assert 'supportdesk_http_request_duration_seconds_count{method="GET",status="2xx"' in (
        exposition
    )
    files = {path.name for path in (var.parent / "metrics").iterdir()}
    assert "histogram_1.db" not in files and any(f.startswith("histogram_") for f in files)
    assert _get(f"http://127.0.0.1:{port}/static/admin/css/base.css")[0] == 200
    credentials = (var / "demo-credentials.txt").read_text()
    assert re.search(r"^admin / \S{12,} \(administrator\) \(agent, /desk/\)$", credentials, re.M)
    assert re.search(r"^olga@romashka.example / \S{12,} \(customer, /portal/\)$", credentials, re.M)
    assert (var / "supportdesk.sqlite3").exists()
    assert (var / "secret_key").stat().st_mode & 0o777 == 0o600

    # The worker delivers the demo replies; with no SMTP server they become files.
    outgoing = var / "outgoing-mail"
    deadline = time.monotonic() + 60
    while not (outgoing.is_dir() and any(outgoing.iterdir())) and time.monotonic() < deadline:
        time.sleep(1)
    sent = b"".join(path.read_bytes() for path in outgoing.iterdir())
    assert b"ivan@promstroy.example" in sent

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) is not None
    with pytest.raises(OSError):  # the web server child went down with it
        _get(f"http://127.0.0.1:{port}/healthz")
    output = proc.stdout.read() if proc.stdout else ""
    assert "admin / " in output
    assert "outgoing mail is written to" in output


def test_a_role_other_than_all_refuses_an_unmigrated_database(tmp_path: Path):
    env = Desk(tmp_path / "var").env
    done = subprocess.run(
        [sys.executable, "-m", "supportdesk", "serve", "--role", "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "run 'supportdesk migrate' once" in done.stderr


@pytest.mark.django_db
def test_serve_hands_the_port_it_serves_to_its_processes(monkeypatch):
    """Workers write the links in ticket emails: PORT=8101 make run must not mail :8000 links
    (the embedded SUPPORTDESK_BASE_URL follows PORT, see config.env.base_url)."""
    monkeypatch.setenv("PORT", "8000")
    children = []

    class Recorder:
        def __init__(self, planned, **kwargs):
            children.extend(planned)

        def run(self):
            return False

    monkeypatch.setattr(serve, "Supervisor", Recorder)
    call_command("serve", "--no-demo", "--port", "8101")
    assert os.environ["PORT"] == "8101"  # what every child process inherits
    [web] = [child for child in children if child.name == "web"]
    assert web.command[web.command.index("--port") + 1] == "8101"
