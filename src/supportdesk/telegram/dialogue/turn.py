"""One step of a dialogue: the update being answered and what the bot decided to say."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

from supportdesk.telegram import texts
from supportdesk.telegram.bot_api import Buttons
from supportdesk.telegram.models import Dialogue
from supportdesk.telegram.updates import IncomingUpdate
from supportdesk.tickets.models import Ticket


class FilesNeeded(Exception):
    """The step needs these Telegram files downloaded; the caller fetches them and retries."""

    def __init__(self, file_ids: Iterable[str]) -> None:
        self.file_ids = tuple(dict.fromkeys(file_ids))
        super().__init__(", ".join(self.file_ids))


@dataclass(frozen=True)
class PlannedMessage:
    text: str
    buttons: Buttons = ()
    ticket: Ticket | None = None
    # Another chat than the user's private one (a group the bot refuses to work in).
    chat_id: int | None = None


@dataclass
class Turn:
    update: IncomingUpdate
    dialogue: Dialogue
    # Downloaded files by Telegram file id; None for a file Telegram would not hand over.
    files: Mapping[str, bytes | None] = field(default_factory=dict)
    messages: list[PlannedMessage] = field(default_factory=list)
    callback_answer: str | None = None
    outcome: str = ""

    @property
    def language(self) -> str:
        return self.dialogue.language

    def text(self, text: str | Promise, **params: object) -> str:
        return texts.render(text, self.language, **params)

    def say(
        self,
        text: str | Promise,
        *,
        buttons: Buttons = (),
        ticket: Ticket | None = None,
        chat_id: int | None = None,
        **params: object,
    ) -> None:
        self.messages.append(PlannedMessage(self.text(text, **params), buttons, ticket, chat_id))

    def button(self, text: str | Promise, data: str) -> dict[str, str]:
        return {"text": self.text(text), "data": data}

    def answer_button(self, text: str | Promise = "") -> None:
        self.callback_answer = self.text(text) if text else ""

    def downloaded(self, file_ids: Iterable[str]) -> dict[str, bytes | None]:
        wanted = list(file_ids)
        missing = [f for f in wanted if f not in self.files]
        if missing:
            raise FilesNeeded(missing)
        return {f: self.files[f] for f in wanted}
