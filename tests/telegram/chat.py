"""A Telegram user talking to the bot: real update payloads (from the corpus fixtures) go
through the fake Bot API and the desk's own poller, the way they do in production."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from itertools import count
from pathlib import Path
from typing import Any

from supportdesk.telegram.polling import Poller
from supportdesk.tickets.models import Ticket
from tests.telegram.bot_api_server import Call, FakeBotApi

FIXTURES = Path(__file__).parent / "fixtures"
_update_ids = count(700_000)
_file_ids = count(1)

Capture = Callable[..., AbstractContextManager[Any]]


def fixture_update(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def next_update_id() -> int:
    """Update ids only grow, as Telegram's do: the poller has confirmed all smaller ones."""
    return next(_update_ids)


class TelegramChat:
    def __init__(
        self,
        server: FakeBotApi,
        poller: Poller,
        capture: Capture,
        *,
        user_id: int = 12345678,
        language_code: str = "ru",
        first_name: str = "Ольга",
    ) -> None:
        self.server = server
        self.poller = poller
        self.capture = capture
        self.user_id = user_id
        self.language_code = language_code
        self.first_name = first_name
        self._message_ids = count(100)
        self._seen = 0

    # -- what the user does --------------------------------------------------------------

    def send(self, text: str, *, reply_to: int | None = None) -> int:
        update = self._message_update("tg_message_text.json")
        update["message"]["text"] = text
        if reply_to is not None:
            quoted = fixture_update("tg_reply_message.json")["message"]["reply_to_message"]
            quoted.update(message_id=reply_to, chat=update["message"]["chat"])
            update["message"]["reply_to_message"] = quoted
        self.deliver(update)
        return int(update["message"]["message_id"])

    def send_document(
        self, content: bytes, name: str, *, mime_type: str = "", caption: str = "",
        size: int | None = None,
    ) -> str:  # fmt: skip
        file_id = f"BQADAgAD{next(_file_ids):04d}"
        self.server.add_file(file_id, content, name=name, size=size)
        update = self._message_update("tg_message_with_document.json")
        message = update["message"]
        message["document"].update(
            file_name=name,
            file_id=file_id,
            file_size=len(content) if size is None else size,
            mime_type=mime_type or "application/octet-stream",
        )
        if caption:
            message["caption"] = caption
        else:
            message.pop("caption", None)
        self.deliver(update)
        return file_id

    def press(self, data: str, *, on: Call | None = None) -> None:
        """Press an inline button (under the bot's message `on`, else its last one)."""
        message = on or self.bot_messages()[-1]
        update = fixture_update("tgdocs_callback_query.json")
        query = update["callback_query"]
        query.pop("inline_message_id")
        query["from"] = self._user()
        query.update(
            id=f"cb{next_update_id()}",
            chat_instance="-1234567890",
            data=data,
            message={
                "message_id": self.message_id_of(message),
                "from": {"id": 123456789, "is_bot": True, "first_name": "SupportDesk"},
                "chat": self._chat(),
                "date": 1508709711,
                "text": message.params["text"],
            },
        )
        update["update_id"] = next_update_id()
        self.deliver(update)

    def deliver(self, update: dict[str, Any]) -> None:
        self.server.push_update(update)
        with self.capture(execute=True):
            self.poller.poll_once()

    def open_request(self, description: str) -> Ticket:
        """/new with every checklist item skipped (a cloud user, edition known)."""
        self.send("/new")
        self.send(description)
        for _ in range(4):
            self.send("/skip")
        self.send("готово")
        self.send("да")
        return Ticket.objects.get(subject=description)

    # -- what the bot said ---------------------------------------------------------------

    def bot_messages(self) -> list[Call]:
        return self.server.messages_to(self.user_id)

    def new_replies(self) -> list[str]:
        """Texts the bot sent to this user since the last call."""
        messages = self.bot_messages()
        fresh = messages[self._seen :]
        self._seen = len(messages)
        return [str(c.params["text"]) for c in fresh]

    def last_reply(self) -> str:
        return str(self.bot_messages()[-1].params["text"])

    def buttons(self, message: Call | None = None) -> list[tuple[str, str]]:
        message = message or self.bot_messages()[-1]
        markup = message.params.get("reply_markup") or {"inline_keyboard": []}
        return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]

    def message_id_of(self, message: Call) -> int:
        assert message.message_id is not None, "that message was not sent"
        return message.message_id

    # -- payloads ------------------------------------------------------------------------

    def _user(self) -> dict[str, Any]:
        return {"id": self.user_id, "is_bot": False, "first_name": self.first_name,
                "username": "olga", "language_code": self.language_code}  # fmt: skip

    def _chat(self) -> dict[str, Any]:
        return {"id": self.user_id, "first_name": self.first_name, "username": "olga",
                "type": "private"}  # fmt: skip

    def _message_update(self, fixture: str) -> dict[str, Any]:
        update = copy.deepcopy(fixture_update(fixture))
        update["update_id"] = next_update_id()
        message = update["message"]
        message.update(message_id=next(self._message_ids), chat=self._chat(), date=int(time.time()))
        message["from"] = self._user()
        return update
