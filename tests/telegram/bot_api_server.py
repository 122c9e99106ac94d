"""A local fake of the Telegram Bot API: a small aiohttp app speaking the real HTTP API.

It runs on a free loopback port in a thread of the test process. It answers getMe,
getUpdates (with offsets and long polling), sendMessage, sendDocument, answerCallbackQuery,
getFile, file downloads, setWebhook and deleteWebhook the way api.telegram.org does, records
every call, and can be told that a user blocked the bot (403) or that a file is too big.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456789:AAEtest-token_for-the-fake-bot-api"
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "SupportDesk",
    "username": "supportdesk_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
DOWNLOAD_LIMIT = 20 * 1024 * 1024
BLOCKED = "Forbidden: bot was blocked by the user"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    # The id of the message a send created (what Telegram answered).
    message_id: int | None = None


@dataclass
class StoredFile:
    content: bytes
    file_path: str
    file_size: int


class FakeBotApi:
    def __init__(self) -> None:
        self.port = 0
        self.lock = threading.Lock()
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.confirmed_offset = 0
        self.files: dict[str, StoredFile] = {}
        self.blocked: set[int] = set()
        self.webhook: dict[str, str] = {}
        self._message_ids = iter(range(5000, 10**9))

    # -- what tests use ------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self.updates.clear()
            self.files.clear()
            self.blocked.clear()
            self.webhook.clear()
            self.confirmed_offset = 0

    def push_update(self, update: dict[str, Any]) -> None:
        with self.lock:
            self.updates.append(update)

    def add_file(self, file_id: str, content: bytes, *, name: str, size: int | None = None) -> None:
        with self.lock:
            self.files[file_id] = StoredFile(
                content, f"documents/{file_id}/{name}", len(content) if size is None else size
            )

    def block(self, chat_id: int) -> None:
        with self.lock:
            self.blocked.add(chat_id)

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def messages_to(self, chat_id: int) -> list[Call]:
        return [c for c in self.calls_to("sendMessage") if int(c.params["chat_id"]) == chat_id]

    # -- the HTTP API --------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        return app

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return _error(401, "Unauthorized")
        params, files = await _params(request)
        method = request.match_info["method"]
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found")
        with self.lock:
            self.calls.append(Call(method, params, files))
        if method == "getUpdates":
            return await self._get_updates(params)
        return handler(params, files)

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        with self.lock:
            if self.webhook:
                return _error(409, "Conflict: can't use getUpdates method while webhook is "
                              "active; use deleteWebhook to delete the webhook first")  # fmt: skip
        offset = int(params.get("offset", 0) or 0)
        deadline = time.monotonic() + min(float(params.get("timeout", 0) or 0), 5.0)
        while True:
            with self.lock:
                if offset:
                    self.confirmed_offset = max(self.confirmed_offset, offset)
                    self.updates = [u for u in self.updates if u["update_id"] >= offset]
                pending = list(self.updates[:100])
            if pending or time.monotonic() >= deadline:
                return _ok(pending)
            await asyncio.sleep(0.02)

    def _api_getUpdates(self, params: dict[str, Any], files: Any) -> web.Response:
        raise AssertionError("handled asynchronously")

    def _api_getMe(self, params: dict[str, Any], files: Any) -> web.Response:
        return _ok(BOT_USER)

    def _api_sendMessage(self, params: dict[str, Any], files: Any) -> web.Response:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            return _error(403, BLOCKED)
        text = str(params.get("text", ""))
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            return _error(400, "Bad Request: message is too long")
        return _ok(self._message(chat_id, text=text))

    def _api_sendDocument(self, params: dict[str, Any], files: Any) -> web.Response:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            return _error(403, BLOCKED)
        name, content = files["document"]
        document = {"file_id": f"sent-{len(content)}", "file_unique_id": "u", "file_name": name,
                    "file_size": len(content)}  # fmt: skip
        return _ok(self._message(chat_id, document=document))

    def _api_answerCallbackQuery(self, params: dict[str, Any], files: Any) -> web.Response:
        return _ok(True)

    def _api_getFile(self, params: dict[str, Any], files: Any) -> web.Response:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            return _error(400, "Bad Request: invalid file_id")
        if stored.file_size > DOWNLOAD_LIMIT:
            return _error(400, "Bad Request: file is too big")
        return _ok({"file_id": params["file_id"], "file_unique_id": f"u{params['file_id']}",
                    "file_size": stored.file_size, "file_path": stored.file_path})  # fmt: skip

    def _api_setWebhook(self, params: dict[str, Any], files: Any) -> web.Response:
        self.webhook = {
            "url": str(params["url"]),
            "secret_token": str(params.get("secret_token", "")),
        }
        return _ok(True)

    def _api_deleteWebhook(self, params: dict[str, Any], files: Any) -> web.Response:
        self.webhook = {}
        return _ok(True)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return _error(401, "Unauthorized")
        path = request.match_info["path"]
        with self.lock:
            stored = next((f for f in self.files.values() if f.file_path == path), None)
        if stored is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=stored.content, content_type="application/octet-stream")

    def _message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        message_id = next(self._message_ids)
        self.calls[-1].message_id = message_id  # handlers run right after their call is recorded
        return {
            "message_id": message_id,
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private"},
            "date": int(time.time()),
            **content,
        }


async def _params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Parameters the way the Bot API takes them: query string, form, multipart or JSON."""
    params: dict[str, Any] = dict(request.query)
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        params.update(await request.json())
    elif request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = (value.filename, value.file.read())
            else:
                params[key] = value
    for key in ("reply_markup", "reply_parameters"):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params, files


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": code, "description": description}, status=code
    )


@contextmanager
def running_fake_bot_api() -> Iterator[FakeBotApi]:
    fake = FakeBotApi()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        fake.port = int(probe.getsockname()[1])
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(fake.app(), access_log=None)
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", fake.port).start())
        started.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=serve, name="fake-bot-api", daemon=True)
    thread.start()
    assert started.wait(10), "the fake Bot API did not start"
    try:
        yield fake
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
