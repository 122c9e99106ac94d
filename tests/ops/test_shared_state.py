"""State every process must agree on lives in the shared cache: a queue count the worker
recounts reaches the web server, and the login rate limit and lock-out count attempts made to
two web servers on one database.

The cache is the database cache of the embedded install in the SQLite pass and Redis in the
PostgreSQL pass (`make test` sets REDIS_URL there); each test checks which one held the keys.
"""

from __future__ import annotations

import http.cookiejar
import re
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ops.processes import Desk, free_port, wait_for

MAKE_AGENT_SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from supportdesk.accounts.models import User
user = User.objects.create_user("agent", password="correct horse battery", is_staff=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
TAKE_IN_TICKET = """
import uuid
from supportdesk.tickets.inbound import receive
from tests.tickets.factories import inbound_email
receive(inbound_email(external_id=f"<{uuid.uuid4()}@mail.example>"))
"""
ALL_COUNT = re.compile(r'data-view="all">[^<]*<span class="count">(\d+)</span>')


def _get(url: str, *, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def _healthy(port: int) -> bool:
    return _get(f"http://127.0.0.1:{port}/healthz")[0] == 200


@pytest.fixture
def desk_with_agent(tmp_path: Path) -> Iterator[tuple[Desk, int, str]]:
    """`serve` (web server, workers, scheduler) and an agent's session key."""
    desk = Desk(tmp_path / "var")
    port = free_port()
    serve = desk.start("serve", "--no-demo", "--port", str(port))
    try:
        wait_for(lambda: _healthy(port), timeout=90, what="the web server")
        session_key = desk.run("shell", "-c", MAKE_AGENT_SESSION).strip().splitlines()[-1]
        yield desk, port, session_key
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
        desk.stop_all()


def test_a_queue_count_recounted_by_the_worker_reaches_the_web_server(desk_with_agent):
    desk, port, session_key = desk_with_agent
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session_key}")]

    def all_count() -> int | None:
        status, body = _get(f"http://127.0.0.1:{port}/desk/", opener=opener)
        match = ALL_COUNT.search(body) if status == 200 else None
        return int(match.group(1)) if match else None

    desk.run("shell", "-c", TAKE_IN_TICKET)
    assert wait_for(all_count, timeout=30, what="the queue page") == 1  # counted and cached
    desk.run("shell", "-c", TAKE_IN_TICKET)  # another process takes in a ticket
    taken_in_at = time.monotonic()

    wait_for(lambda: all_count() == 2, timeout=60, what="the new ticket in the count")
    shown_in = time.monotonic() - taken_in_at
    assert desk.shared_cache_keys("workspace:counts:") >= 2  # the counts and their generation
    # The new ticket's event marks the counts stale at once (not after their 15 s): one page is
    # served the old count while the worker recounts, the next one has it.
    assert shown_in < 10
    print(f"new ticket shown in the web server's count {shown_in:.1f} s after it was taken in")


def _uvicorn(desk: Desk, port: int) -> None:
    app = "supportdesk.config.asgi:application"
    desk.spawn(sys.executable, "-m", "uvicorn", app, "--port", str(port), "--lifespan", "off")


def _failed_login(port: int) -> int:
    """One login with a wrong password, CSRF token and all; returns the status code."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"http://127.0.0.1:{port}/desk/login/"
    _, page = _get(url, opener=opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, page[:500]
    form = {"csrfmiddlewaretoken": token.group(1), "username": "agent", "password": "wrong"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode())
    request.add_header("Referer", url)
    try:
        with opener.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize(
    "rates",
    [
        pytest.param({"SUPPORTDESK_LOGIN_RATE": "4/10m"}, id="per-address rate limit"),
        pytest.param({"SUPPORTDESK_LOGIN_LOCKOUT_RATE": "4/15m"}, id="per-account lock-out"),
    ],
)
def test_login_limits_count_attempts_across_two_web_servers(tmp_path, rates):
    desk = Desk(tmp_path / "var")
    desk.env |= {"SUPPORTDESK_LOGIN_RATE": "50/10m", "SUPPORTDESK_LOGIN_LOCKOUT_RATE": "50/15m"}
    desk.env |= rates
    desk.run("migrate", "--verbosity", "0")
    ports = [free_port(), free_port()]
    try:
        for port in ports:
            _uvicorn(desk, port)
        for port in ports:
            wait_for(lambda port=port: _healthy(port), timeout=60, what=f"uvicorn on {port}")
        statuses = [_failed_login(ports[attempt % 2]) for attempt in range(5)]
        assert desk.shared_cache_keys(":rl:") >= 1  # django-ratelimit's counters
    finally:
        desk.stop_all()
    # 4 attempts allowed in all, two on each server: the fifth is refused. With a cache per
    # process each server would allow four before refusing.
    assert statuses == [200, 200, 200, 200, 429], statuses
