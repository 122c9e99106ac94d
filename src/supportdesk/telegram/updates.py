"""Reading a raw Bot API update (a JSON object) into what the bot needs to know.

Hand-written rather than PTB's `Update.de_json`: a field the library does not know, or a
malformed one, must never stop the bot; whatever cannot be understood becomes an update of
kind "unknown" that is recorded and skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# Content the bot takes as a file attached to the request.
_FILE_FIELDS = ("document", "video", "audio")
# Content it cannot turn into a request message; the user gets a polite answer.
UNSUPPORTED_CONTENT = (
    "sticker", "voice", "video_note", "animation", "location", "venue", "contact", "poll",
    "dice", "game", "invoice", "successful_payment", "refunded_payment", "story", "giveaway",
    "paid_media", "checklist",
)  # fmt: skip
# Service messages (members joining, pins, …): recorded, never answered.
_SERVICE_FIELDS = (
    "new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo",
    "delete_chat_photo", "group_chat_created", "supergroup_chat_created", "pinned_message",
    "migrate_to_chat_id", "migrate_from_chat_id", "message_auto_delete_timer_changed",
    "users_shared", "chat_shared", "write_access_allowed", "forum_topic_created",
)  # fmt: skip
_MESSAGE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post")
# Telegram's ids fit in a signed 64-bit column; larger numbers are not Telegram's.
_INT64 = range(-(2**63), 2**63)
# Real updates nest about six levels; anything far deeper is not worth walking.
MAX_NESTING = 32


@dataclass(frozen=True)
class TelegramUser:
    id: int
    first_name: str = ""
    last_name: str = ""
    username: str = ""
    language_code: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.username

    @property
    def language(self) -> str:
        """The bot's language for this user: English for English speakers, else Russian."""
        return "en" if self.language_code.lower().startswith("en") else "ru"


@dataclass(frozen=True)
class TelegramFile:
    file_id: str
    file_name: str
    mime_type: str
    file_size: int | None


@dataclass(frozen=True)
class IncomingUpdate:
    update_id: int
    kind: str
    user: TelegramUser | None = None
    chat_id: int | None = None
    chat_type: str = ""
    message_id: int | None = None
    date: datetime | None = None
    text: str = ""
    reply_to_message_id: int | None = None
    file: TelegramFile | None = None
    # What the message carries that the bot cannot use ("sticker", "service", …), or "".
    unsupported: str = ""
    callback_id: str = ""
    callback_data: str = ""

    @property
    def is_private(self) -> bool:
        return self.chat_type == "private"

    @property
    def command(self) -> tuple[str, str] | None:
        """("start", "args") for "/start@SupportBot args"; None for anything else."""
        if self.kind != "message" or not self.text.startswith("/"):
            return None
        head, _, rest = self.text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        return (name, rest.strip()) if name else None


def update_id_of(raw: Mapping[str, Any]) -> int | None:
    value = _int(raw.get("update_id"))
    return value if value is not None and value >= 0 else None


def nested_deeper_than(value: object, limit: int = MAX_NESTING) -> bool:
    """Whether JSON `value` has containers nested more than `limit` deep (iterative: a
    hostile payload must not exhaust the stack of whoever walks it)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Iterable[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def parse_update(raw: Mapping[str, Any]) -> IncomingUpdate:
    update_id = update_id_of(raw)
    if update_id is None:
        raise ValueError("an update needs an integer update_id")
    kind = next((key for key in raw if key != "update_id"), "unknown")
    body = raw.get(kind)
    if not isinstance(body, Mapping):
        return IncomingUpdate(update_id, "unknown")
    if kind in _MESSAGE_KINDS:
        return _message_update(update_id, kind, body)
    if kind == "callback_query":
        return _callback_update(update_id, body)
    chat = _mapping(body.get("chat"))
    return IncomingUpdate(
        update_id,
        kind,
        user=_user(body.get("from")),
        chat_id=_int(chat.get("id")),
        chat_type=_str(chat.get("type")),
    )


def _message_update(update_id: int, kind: str, message: Mapping[str, Any]) -> IncomingUpdate:
    chat = _mapping(message.get("chat"))
    text = _str(message.get("text")) or _str(message.get("caption"))
    file = _file(message)
    unsupported = ""
    if file is None and not text:
        unsupported = next((f for f in UNSUPPORTED_CONTENT if f in message), "")
        if not unsupported:
            unsupported = (
                "service" if any(f in message for f in _SERVICE_FIELDS) else "unknown_content"
            )
    reply_to = _mapping(message.get("reply_to_message"))
    return IncomingUpdate(
        update_id,
        kind,
        user=_user(message.get("from")),
        chat_id=_int(chat.get("id")),
        chat_type=_str(chat.get("type")),
        message_id=_int(message.get("message_id")),
        date=_date(message.get("date")),
        text=text,
        reply_to_message_id=_int(reply_to.get("message_id")),
        file=file,
        unsupported=unsupported,
    )


def _callback_update(update_id: int, query: Mapping[str, Any]) -> IncomingUpdate:
    # A button under an inline-mode message has no `message`, hence no chat.
    message = _mapping(query.get("message"))
    chat = _mapping(message.get("chat"))
    return IncomingUpdate(
        update_id,
        "callback_query",
        user=_user(query.get("from")),
        chat_id=_int(chat.get("id")),
        chat_type=_str(chat.get("type")),
        message_id=_int(message.get("message_id")),
        callback_id=_str(query.get("id")),
        callback_data=_str(query.get("data")),
    )


def _file(message: Mapping[str, Any]) -> TelegramFile | None:
    message_id = _int(message.get("message_id")) or 0
    for field in _FILE_FIELDS:
        item = _mapping(message.get(field))
        if _str(item.get("file_id")):
            default_name = f"{field}_{message_id}"
            return TelegramFile(
                file_id=_str(item.get("file_id")),
                file_name=_str(item.get("file_name")) or default_name,
                mime_type=_str(item.get("mime_type")) or "application/octet-stream",
                file_size=_int(item.get("file_size")),
            )
    photo = message.get("photo")
    sizes = [p for p in photo if isinstance(p, Mapping)] if isinstance(photo, list) else []
    sizes = [p for p in sizes if _str(p.get("file_id"))]
    if sizes:
        # The largest resolution Telegram kept: what a screenshot is worth to an agent.
        best = max(sizes, key=lambda p: (_int(p.get("width")) or 0) * (_int(p.get("height")) or 0))
        return TelegramFile(
            file_id=_str(best.get("file_id")),
            file_name=f"photo_{message_id}.jpg",
            mime_type="image/jpeg",
            file_size=_int(best.get("file_size")),
        )
    return None


def _user(value: object) -> TelegramUser | None:
    data = _mapping(value)
    user_id = _int(data.get("id"))
    if user_id is None:
        return None
    return TelegramUser(
        id=user_id,
        first_name=_str(data.get("first_name")),
        last_name=_str(data.get("last_name")),
        username=_str(data.get("username")),
        language_code=_str(data.get("language_code")),
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value in _INT64:
        return value
    return None


def _date(value: object) -> datetime | None:
    seconds = _int(value)
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):  # not a date Python can hold (year 0, 10000)
        return None
