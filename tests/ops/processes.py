"""Real desk processes for the process tests: an embedded install under a temporary var dir.

Each command runs the way `supportdesk serve` runs it (embedded settings, SQLite in WAL), with
the recovery windows shortened through the environment; the test reads the database file.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
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
