"""The Bot API as the desk uses it: a small synchronous facade over python-telegram-bot's `Bot`.

Django code here is synchronous; each `BotApi` owns an asyncio runner and runs PTB's
coroutines on it, so one instance (and its HTTP connections) can serve a whole polling loop.
Errors come back as `BotApiError`, which says whether trying again can help.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from collections.abc import Coroutine, Sequence
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlencode

import httpx
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from supportdesk.telegram.bot_config import BotConfig, bot_config
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters

logger = logging.getLogger(__name__)

# The Bot API serves files up to this size to bots (https://core.telegram.org/bots/api#getfile).
DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024
# Telegram's limit on one text message.
MESSAGE_LIMIT_CHARS = 4096
NOT_CONFIGURED = (
    "no bot token: set TELEGRAM_BOT_TOKEN or the token in the admin (Telegram bot settings)"
)

Buttons = Sequence[Sequence[dict[str, str]]]


class BotApiError(Exception):
    """A Bot API call failed; `permanent` when repeating it cannot succeed (blocked, bad chat)."""

    def __init__(self, description: str, *, permanent: bool, retry_after: float = 0) -> None:
        super().__init__(description)
        self.description = description
        self.permanent = permanent
        self.retry_after = retry_after


class FileTooBig(BotApiError):
    """Telegram does not hand files over 20 MB to bots."""


class BotApi:
    # Timeouts per network operation: a send stays well inside SUPPORTDESK_CLAIM_TIMEOUT,
    # after which a claimed message counts as abandoned by a dead sender.
    def __init__(self, *, token: str, api_url: str, timeout: float = 10.0) -> None:
        api_url = api_url.rstrip("/")
        tls = {"verify": _tls_context()}
        self._request = HTTPXRequest(
            connection_pool_size=8,
            read_timeout=timeout,
            write_timeout=timeout,
            connect_timeout=5.0,
            media_write_timeout=20.0,
            httpx_kwargs=tls,
        )
        # Long polling holds the connection open; its read timeout is set per call.
        self._updates_request = HTTPXRequest(
            connection_pool_size=1, connect_timeout=10.0, httpx_kwargs=tls
        )
        self._bot = Bot(
            token,
            base_url=f"{api_url}/bot",
            base_file_url=f"{api_url}/file/bot",
            request=self._request,
            get_updates_request=self._updates_request,
        )
        self._runner: asyncio.Runner | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._runner is None:
            return
        self._runner.run(self._shutdown())
        self._runner.close()
        self._runner = None

    async def _shutdown(self) -> None:
        await asyncio.gather(self._request.shutdown(), self._updates_request.shutdown())

    def _run[T](self, call: Coroutine[Any, Any, T]) -> T:
        if self._runner is None:
            self._runner = asyncio.Runner()
        try:
            return self._runner.run(call)
        except RetryAfter as exc:
            raise BotApiError(str(exc), permanent=False, retry_after=_seconds(exc)) from exc
        except Forbidden as exc:
            # "bot was blocked by the user", "user is deactivated", kicked from a group.
            raise BotApiError(exc.message, permanent=True) from exc
        except BadRequest as exc:
            if "too big" in exc.message.lower():
                raise FileTooBig(exc.message, permanent=True) from exc
            raise BotApiError(exc.message, permanent=True) from exc
        except TelegramError as exc:
            raise BotApiError(f"{type(exc).__name__}: {exc.message}", permanent=False) from exc

    # -- methods -----------------------------------------------------------------------------

    def get_me(self) -> dict[str, Any]:
        return self._run(self._bot.get_me()).to_dict()

    def get_updates(self, *, offset: int | None, timeout: int) -> list[dict[str, Any]]:
        """Raw update objects, so a field the library cannot parse never blocks the queue."""
        params: dict[str, int] = {"timeout": timeout}
        if offset is not None:
            params["offset"] = offset
        url = f"{self._bot.base_url}/getUpdates?{urlencode(params)}"
        result = self._run(self._updates_request.post(url, read_timeout=timeout + 10))
        return [u for u in result if isinstance(u, dict)] if isinstance(result, list) else []

    def send_message(
        self, chat_id: int, text: str, *, buttons: Buttons = (), reply_to: int | None = None
    ) -> int:
        markup = (
            InlineKeyboardMarkup(
                [[InlineKeyboardButton(b["text"], callback_data=b["data"]) for b in row]
                 for row in buttons]
            )
            if buttons
            else None
        )  # fmt: skip
        message = self._run(
            self._bot.send_message(
                chat_id,
                text[:MESSAGE_LIMIT_CHARS],
                reply_markup=markup,
                reply_parameters=(
                    ReplyParameters(reply_to, allow_sending_without_reply=True)
                    if reply_to
                    else None
                ),
            )
        )
        return message.message_id

    def send_document(self, chat_id: int, filename: str, content: bytes, caption: str = "") -> int:
        message = self._run(
            self._bot.send_document(
                chat_id, document=content, filename=filename, caption=caption[:1024] or None
            )
        )
        return message.message_id

    def answer_callback_query(self, callback_id: str, text: str = "") -> None:
        self._run(self._bot.answer_callback_query(callback_id, text=text[:200] or None))

    def download_file(self, file_id: str) -> bytes:
        async def download() -> bytes:
            file = await self._bot.get_file(file_id)
            if file.file_size is not None and file.file_size > DOWNLOAD_LIMIT_BYTES:
                raise BadRequest("File is too big")
            return bytes(await file.download_as_bytearray())

        return self._run(download())

    def set_webhook(self, url: str, *, secret_token: str) -> None:
        self._run(self._bot.set_webhook(url, secret_token=secret_token))

    def delete_webhook(self) -> None:
        self._run(self._bot.delete_webhook())


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process: loading the CA bundle is the slow part."""
    return httpx.create_ssl_context()


def message_chunks(text: str, limit: int = MESSAGE_LIMIT_CHARS) -> list[str]:
    """`text` cut into messages Telegram accepts, at line breaks where possible."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        chunks.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    chunks.append(rest)
    return chunks


def _seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value if isinstance(value, int | float) else value.total_seconds()


def bot_api(config: BotConfig | None = None) -> BotApi:
    """A `BotApi` for the bot in effect, or the one `config` describes (a context manager)."""
    config = config or bot_config()
    if not config.token:
        raise BotApiError(NOT_CONFIGURED, permanent=False)
    return BotApi(token=config.token, api_url=config.api_url)
