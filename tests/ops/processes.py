"""Real desk processes for the process tests: an embedded install under a temporary var dir.

Each command runs the way `supportdesk serve` runs it (embedded settings, SQLite in WAL), with
the recovery windows shortened through the environment; the test reads the database file.
"""

from __future__ import annotations

import contextlib
import functools
import http.cookiejar
import os
import re
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Short windows: a worker beats twice a second, is dead after 2 s silent, sweeps every second.
FAST_RECOVERY = {
    "SUPPORTDESK_WORKER_BEAT_SECONDS": "0.5",
    "SUPPORTDESK_WORKER_DEAD_AFTER": "2",
    "SUPPORTDESK_RECOVERY_SWEEP_SECONDS": "1",
    "SUPPORTDESK_CLAIM_TIMEOUT": "3",
}
PROJECT_DIR = Path(__file__).resolve().parents[2]
UNITS = PROJECT_DIR / "deploy/systemd"


class Desk:
    def __init__(self, var: Path) -> None:
        self.var = var
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        }
        self.env |= {"SUPPORTDESK_VAR_DIR": str(var), "PYTHONPATH": str(PROJECT_DIR)}
        # With REDIS_URL (the PostgreSQL pass), every desk keeps its own keys in the one Redis.
        self.env |= {"SUPPORTDESK_CACHE_PREFIX": str(var)}
        self.env |= FAST_RECOVERY
        self.processes: list[subprocess.Popen[str]] = []

    def run(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "supportdesk", *args],
            env=self.env,
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    def start(self, *args: str) -> subprocess.Popen[str]:
        return self.spawn(sys.executable, "-m", "supportdesk", *args)

    def spawn(self, *argv: str) -> subprocess.Popen[str]:
        """Any command with the desk's environment, killed by `stop_all`."""
        process = subprocess.Popen(  # noqa: S603
            argv,
            env=self.env,
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.processes.append(process)
        return process

    def start_nodes(self, web_ports: list[int]) -> None:
        """Web nodes and a worker node, as their systemd units start them; back when every web
        node answers /healthz."""
        for port in web_ports:
            self.spawn(*unit_command("supportdesk-web@.service", i=str(port)))
        self.spawn(*unit_command("supportdesk-worker.service"))
        for port in web_ports:
            healthy = functools.partial(http_up, f"http://127.0.0.1:{port}/healthz")
            wait_for(healthy, timeout=90, what=f"the web node on {port}")

    def enqueue(self, task: str, *args: object) -> None:
        module, name = task.rsplit(".", 1)
        self.run("shell", "-c", f"from {module} import {name}; {name}.enqueue(*{args!r})")

    def query(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.var / "supportdesk.sqlite3", timeout=20) as db:
            return db.execute(sql, params).fetchall()

    def shared_cache_keys(self, fragment: str) -> int:
        """Keys containing `fragment` in the cache the desk's processes share: Redis when the
        run has REDIS_URL (the PostgreSQL pass), else the database cache."""
        if redis_url := self.env.get("REDIS_URL"):
            import redis

            prefix = self.env["SUPPORTDESK_CACHE_PREFIX"].encode()
            keys = redis.Redis.from_url(redis_url).scan_iter(count=1000)
            return sum(1 for key in keys if key.startswith(prefix) and fragment.encode() in key)
        [(count,)] = self.query(
            "SELECT count(*) FROM supportdesk_cache WHERE cache_key LIKE ?", f"%{fragment}%"
        )
        return int(count)  # type: ignore[call-overload]

    def stop_gracefully(self) -> None:
        """SIGTERM, as a process manager stops them: a `serve` stops its children (uvicorn, the
        workers) first; a SIGKILL would leave them running. Killed if still there after 30 s."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)


def wait_for[T](condition: Callable[[], T], *, timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)
    return value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def unit_command(unit: str, **instance: str) -> list[str]:
    """A unit's ExecStart, run with this interpreter: `supportdesk …` → `python -m supportdesk …`."""
    text = (UNITS / unit).read_text()
    [exec_start] = re.findall(r"^ExecStart=(.+)$", text, flags=re.MULTILINE)
    for specifier, value in instance.items():
        exec_start = exec_start.replace(f"%{specifier}", value)
    program, *args = shlex.split(exec_start)
    assert program.endswith("/supportdesk"), exec_start
    assert "EnvironmentFile=" in text
    return [sys.executable, "-m", "supportdesk", *args]


@pytest.fixture
def database_url() -> Iterator[str | None]:
    """None for SQLite under the desk's var dir; else a fresh PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    import psycopg

    base, _, _ = url.rpartition("/")
    name = f"two_nodes_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def running_redis() -> Iterator[str]:
    """REDIS_URL when the run has one (the PostgreSQL pass), else a throwaway redis-server on a
    free port, without persistence, stopped on exit."""
    if url := os.environ.get("REDIS_URL"):
        yield url
        return
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="supportdesk-redis-") as work:
        options = f"--bind 127.0.0.1 --port {port} --appendonly no --maxclients 10000"
        server = subprocess.Popen(  # noqa: S603
            ["redis-server", *options.split(), "--save", "", "--dir", work],  # noqa: S607
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: _redis_answers(port), timeout=20, what="redis-server")
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=20)


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


PASSWORD = "correct horse battery"  # the factories'
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A client with its own cookies, posting forms the way a browser does (CSRF and all)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str, dict[str, str]]:
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 — loopback

    def post(
        self, path: str, form: dict[str, str], *, form_page: str | None = None
    ) -> tuple[int, str, dict[str, str]]:
        """Posts `form` to `path`, with the CSRF token of the page showing it (`path` itself
        unless `form_page` says otherwise)."""
        _, page, _ = self.get(form_page or path)
        token = CSRF.search(page)
        assert token, page[:500]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **form}).encode()
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310 — loopback
        request.add_header("Referer", self.base + path)
        return self._open(request)

    def cookie_header(self) -> str:
        """The cookies as a `Cookie:` header, for a WebSocket opened with this session."""
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)

    def _open(self, request: urllib.request.Request) -> tuple[int, str, dict[str, str]]:
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), dict(exc.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def http_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — loopback
            return bool(response.status == 200)
    except OSError:
        return False
