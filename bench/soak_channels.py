"""The soak's customers: what `bench/soak.py` sends through each channel, paced and bounded.

Each driver plans its messages up front (seeded, so two runs send the same mix), sends them on
a schedule spread over the send phase, mixes in duplicates, and writes what it sent in its
`Ledger`: the key that identifies each message in the desk afterwards (an email's Message-ID,
the token written into a portal or Telegram text), the duplicates and the sends that failed.
Every loop stops at the soak's deadline.
"""

from __future__ import annotations

import copy
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from bench.mail_ingest import build_messages

DUPLICATE_SHARE = 0.05  # of each channel's sends, on top of its unique messages
LATE_DUPLICATE_SECONDS = 20.0  # a late duplicate comes after the original was taken in
HTTP_TIMEOUT = 30.0
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_IDEMPOTENCY = re.compile(r'name="idempotency_key" value="([^"]+)"')
_REQUEST_PATH = re.compile(r"/portal/requests/(\d+)/$")


@dataclass
class Ledger:
    """What one channel sent: unique keys, duplicates, failed sends, first and last send."""

    channel: str
    keys: list[str] = field(default_factory=list)
    duplicates: int = 0
    failed: int = 0
    first: float = 0.0
    last: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sent(self, key: str = "", *, duplicate: bool = False) -> None:
        with self.lock:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
            if duplicate:
                self.duplicates += 1
            else:
                self.keys.append(key)

    def fail(self) -> None:
        with self.lock:
            self.failed += 1

    def sends(self) -> int:
        return len(self.keys) + self.duplicates

    def rate(self) -> float:
        seconds = self.last - self.first
        return self.sends() / seconds if seconds > 0 else 0.0


@dataclass(frozen=True)
class Pace:
    """Send number i of `count` at start + i × spread / count; give up at the deadline."""

    start: float
    spread: float
    deadline: float
    stop: threading.Event

    def wait(self, i: int, count: int) -> bool:
        due = self.start + self.spread * i / max(count, 1)
        while (now := time.monotonic()) < due:
            if self.stop.wait(min(due - now, 1.0)):
                return False
        return time.monotonic() < self.deadline and not self.stop.is_set()


def split(total: int) -> dict[str, int]:
    """How many sends each channel makes of `total` (the chat a fifth; of the rest, email a
    third, portal and Telegram the remainder), duplicates included."""
    chat = round(total * 0.2)
    email = round((total - chat) * 0.34)
    portal = (total - chat - email) // 2
    telegram = total - chat - email - portal
    return {"email": email, "portal": portal, "telegram": telegram, "chat": chat}


def _with_duplicates(sends: int, rng: random.Random) -> tuple[int, set[int]]:
    """(unique messages, indices of those sent twice) for `sends` sends in all."""
    duplicates = round(sends * DUPLICATE_SHARE)
    unique = sends - duplicates
    return unique, set(rng.sample(range(unique), min(duplicates, unique)))


# -- email: IMAP APPEND into Dovecot's INBOX; the desk's scheduler polls it ----------------------


def drive_email(dovecot: Any, sends: int, run: str, pace: Pace, ledger: Ledger) -> None:
    """Real-shaped mail (bench/mail_ingest.py) appended on schedule; a duplicate is the same
    bytes appended again, at once or after the original was probably taken in."""
    rng = random.Random(1)
    unique, twice = _with_duplicates(sends, rng)
    messages = build_messages(unique, run)
    plan: list[tuple[float, int, bool]] = []  # (when, message, duplicate)
    for i in range(unique):
        plan.append((i, i, False))
        if i in twice:
            late = rng.random() < 0.5
            plan.append(
                (i + (LATE_DUPLICATE_SECONDS * unique / pace.spread if late else 0.5), i, True)
            )
    plan.sort()
    box = None
    try:
        for n, (_, i, duplicate) in enumerate(plan):
            if not pace.wait(n, len(plan)):
                break
            for attempt in range(3):
                try:
                    if box is None:
                        box = dovecot.client()
                    box.append(messages[i], "INBOX", dt=None, flag_set=())
                    ledger.sent(f"bench-{run}-{i}@mail.example", duplicate=duplicate)
                    break
                except OSError:
                    box = None
                    if attempt == 2:
                        ledger.fail()
    finally:
        if box is not None:
            box.logout()


# -- the portal: signed-in customers post new requests and replies over HTTP --------------------


@dataclass
class PortalCustomer:
    email: str
    password: str
    client: httpx.Client | None = None
    requests: list[int] = field(default_factory=list)


def portal_login(base: str, customer: PortalCustomer) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=HTTP_TIMEOUT)
    page = client.get("/portal/login/")
    page.raise_for_status()
    answer = client.post(
        "/portal/login/",
        data={
            "csrfmiddlewaretoken": _field(_CSRF, page.text),
            "email": customer.email,
            "password": customer.password,
        },
        headers={"Referer": f"{base}/portal/login/"},
    )
    if answer.status_code != 302:
        raise RuntimeError(f"portal login of {customer.email} answered {answer.status_code}")
    return client


def _field(pattern: re.Pattern[str], html: str) -> str:
    found = pattern.search(html)
    if found is None:
        raise RuntimeError(f"no {pattern.pattern[:30]}… in the page")
    return found.group(1)


def drive_portal(
    base: str,
    customers: list[PortalCustomer],
    sends: int,
    pace: Pace,
    ledger: Ledger,
    web_error: Callable[[str], None],
    threads: int = 2,
) -> None:
    """New requests (half) and replies to the customer's own requests, each form fetched for
    its CSRF token and idempotency key; a double submit posts the same form twice."""
    rng = random.Random(2)
    unique, twice = _with_duplicates(sends, rng)
    plan = [
        (f"P{i:06d}", rng.randrange(len(customers)), rng.random() < 0.5, i in twice)
        for i in range(unique)
    ]
    slots = [0]  # the sends before each planned message: its place in the schedule
    for _, _, _, double in plan:
        slots.append(slots[-1] + (2 if double else 1))

    def work(part: int) -> None:
        # A customer belongs to one thread: their session and requests are never shared.
        for n, (token, who, reply, double) in enumerate(plan):
            if who % threads != part:
                continue
            if not pace.wait(slots[n], sends):
                return
            _portal_send(
                base,
                customers[who],
                token,
                reply=reply,
                double=double,
                ledger=ledger,
                web_error=web_error,
            )

    workers = [threading.Thread(target=work, args=(p,), name=f"portal-{p}") for p in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def _portal_send(
    base: str,
    customer: PortalCustomer,
    token: str,
    *,
    reply: bool,
    double: bool,
    ledger: Ledger,
    web_error: Callable[[str], None],
) -> None:
    client = customer.client
    assert client is not None
    number = customer.requests[-1] if reply and customer.requests else None
    page_path = "/portal/new/" if number is None else f"/portal/requests/{number}/"
    post_path = "/portal/new/" if number is None else f"/portal/requests/{number}/reply/"
    if number is None:
        data = {
            "problem_kind": "question",
            "subject": f"Вопрос {token}: не открывается схема",
            "description": f"Здравствуйте! Схема не открывается после обновления. {token}",
        }
    else:
        data = {"body": f"Уточнение к обращению: ошибка повторяется. {token}"}
    for attempt in range(3):
        try:
            page = client.get(page_path)
            if page.status_code != 200:
                raise RuntimeError(f"GET {page_path}: {page.status_code}")
            form = data | {
                "csrfmiddlewaretoken": _field(_CSRF, page.text),
                "idempotency_key": _field(_IDEMPOTENCY, page.text),
            }
            for copy_number in range(2 if double else 1):
                answer = client.post(post_path, data=form, headers={"Referer": base + page_path})
                found = _REQUEST_PATH.search(answer.headers.get("location", ""))
                if answer.status_code != 302 or found is None:
                    raise RuntimeError(f"POST {post_path}: {answer.status_code}")
                ledger.sent(token, duplicate=copy_number == 1)
                if number is None and copy_number == 0:
                    customer.requests.append(int(found.group(1)))
            return
        except (httpx.HTTPError, RuntimeError) as exc:
            web_error(f"portal {customer.email} {token} (attempt {attempt + 1}): {exc}")
            time.sleep(1)
    ledger.fail()


# -- Telegram: updates through the fake Bot API (the desk polls it), repeats also via webhook ---


def telegram_update(
    template: dict[str, Any], *, update_id: int, user_id: int, message_id: int, text: str
) -> dict[str, Any]:
    """The real update in tests/telegram/fixtures/tg_message_text.json, re-addressed."""
    update = copy.deepcopy(template)
    update["update_id"] = update_id
    message = update["message"]
    message["message_id"] = message_id
    message["from"]["id"] = message["chat"]["id"] = user_id
    message["date"] = int(time.time())
    message["text"] = text
    return update


def drive_telegram(
    fake: Any,
    base: str,
    secret: str,
    user_ids: list[int],
    sends: int,
    pace: Pace,
    ledger: Ledger,
    web_error: Callable[[str], None],
) -> None:
    """Text messages from linked users to their active requests; a duplicate is the same
    update_id given to getUpdates twice, or posted to the webhook (with its secret) later, as
    Telegram retries a webhook."""
    from tests.telegram.chat import fixture_update

    template = fixture_update("tg_message_text.json")
    rng = random.Random(3)
    unique, twice = _with_duplicates(sends, rng)
    message_ids = dict.fromkeys(user_ids, 100)
    late: list[tuple[float, dict[str, Any]]] = []
    n = 0
    with httpx.Client(base_url=base, timeout=HTTP_TIMEOUT) as web:
        for i in range(unique):
            user = rng.choice(user_ids)
            message_ids[user] += 1
            token = f"T{i:06d}"
            update = telegram_update(
                template,
                update_id=50_000_000 + i,
                user_id=user,
                message_id=message_ids[user],
                text=f"Не сохраняется диаграмма, ошибка 502. {token}",
            )
            if not pace.wait(n, sends):
                return
            n += 1
            fake.push_update(update)
            ledger.sent(token)
            if i in twice:
                if rng.random() < 0.5:
                    fake.push_update(update)
                    ledger.sent(duplicate=True)
                    n += 1
                else:
                    late.append((time.monotonic() + LATE_DUPLICATE_SECONDS, update))
            while late and late[0][0] <= time.monotonic():
                _, repeat = late.pop(0)
                n += 1
                _webhook(web, secret, repeat, ledger, web_error)
        for due, repeat in late:
            while time.monotonic() < due and not pace.stop.wait(0.5):
                pass
            if time.monotonic() >= pace.deadline or pace.stop.is_set():
                return
            _webhook(web, secret, repeat, ledger, web_error)


def _webhook(
    web: httpx.Client,
    secret: str,
    update: dict[str, Any],
    ledger: Ledger,
    web_error: Callable[[str], None],
) -> None:
    try:
        answer = web.post(
            "/telegram/webhook/", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
        )
        if answer.status_code == 200:
            ledger.sent(duplicate=True)
            return
        web_error(f"webhook {update['update_id']}: {answer.status_code}")
    except httpx.HTTPError as exc:
        web_error(f"webhook {update['update_id']}: {exc}")
    ledger.fail()
