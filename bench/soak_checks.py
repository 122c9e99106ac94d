"""After the soak: what the desk stored and delivered, counted against what was sent.

Inbound: an email is known by its Message-ID (the intake log says what became of each, and a
repeat is logged as an ignored "duplicate"); a portal, Telegram or chat message by the token
the soak wrote into its text. Each must be stored once: none lost, none twice.

Outbound: every outbox row must be SENT and have reached its receiver exactly once. An email
by its Message-ID (derived from the delivery, so a re-send repeats it); a portal notification
by its text in the customer's mail; a chat reply by its update (what the widget is given,
once); a Telegram send by the message id the fake Bot API gave it,
which the desk records on the row: a call whose id no row holds was a send the desk lost track
of (and repeated). The bot's own answers are checked the same way.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

_TOKEN = re.compile(r"\b([PTC]\d{6})\b")


@dataclass
class Inbound:
    channel: str
    unique: int = 0
    duplicates_sent: int = 0
    stored: int = 0
    stored_twice: int = 0
    lost: int = 0
    # email only: auto-replies and bounces the intake rightly ignores, and rejected mail
    ignored: int = 0
    rejected: int = 0
    duplicates_recognised: int = 0
    unexpected: int = 0  # stored, but never acknowledged as sent (a send that "failed")
    examples: list[str] = field(default_factory=list)


@dataclass
class Outbound:
    deliveries: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    sent_once: int = 0
    sent_twice: int = 0
    missing: int = 0
    replies: int = 0
    replies_sent_once: int = 0
    bot_messages: int = 0
    bot_sent_once: int = 0
    bot_unsent: int = 0
    stray_sends: int = 0  # Telegram sends no row accounts for: repeats after a lost answer
    examples: list[str] = field(default_factory=list)


def email_inbound(keys: list[str], duplicates_sent: int, run: str) -> Inbound:
    from supportdesk.mail.models import IntakeRecord
    from supportdesk.tickets.models import Channel, Message

    prefix = f"bench-{run}-"
    result = Inbound("email", unique=len(keys), duplicates_sent=duplicates_sent)
    taken: dict[str, list[str]] = defaultdict(list)
    for external_id, action, reason in IntakeRecord.objects.filter(
        external_id__startswith=prefix
    ).values_list("external_id", "action", "reason"):
        if reason == "duplicate":
            result.duplicates_recognised += 1
        else:
            taken[external_id].append(action)
    stored = Counter(
        Message.objects.filter(channel=Channel.EMAIL, external_id__startswith=prefix).values_list(
            "external_id", flat=True
        )
    )
    for key in keys:
        actions = taken.get(key, [])
        copies = stored.get(key, 0)
        if copies > 1 or len(actions) > 1:
            result.stored_twice += 1
            result.examples.append(f"{key}: {copies} messages, intake {actions}")
        elif copies == 1:
            result.stored += 1
        elif actions == ["ignored"]:
            result.ignored += 1
        elif actions == ["rejected"]:
            result.rejected += 1
            result.examples.append(f"{key}: rejected")
        else:
            result.lost += 1
            result.examples.append(f"{key}: not stored (intake {actions})")
    result.unexpected = len(set(stored) - set(keys))
    return result


def token_inbound(channel: str, keys: list[str], duplicates_sent: int) -> Inbound:
    from supportdesk.tickets.models import Message

    result = Inbound(channel, unique=len(keys), duplicates_sent=duplicates_sent)
    found: Counter[str] = Counter()
    for body in Message.objects.filter(channel=channel, author_contact__isnull=False).values_list(
        "body_text", flat=True
    ):
        found.update(_TOKEN.findall(body))
    for key in keys:
        copies = found.get(key, 0)
        if copies == 1:
            result.stored += 1
        elif copies == 0:
            result.lost += 1
            result.examples.append(f"{key}: not stored")
        else:
            result.stored_twice += 1
            result.examples.append(f"{key}: stored {copies} times")
    result.unexpected = len(set(found) - set(keys))
    return result


def telegram_updates() -> Counter[str]:
    from supportdesk.telegram.models import TelegramUpdate

    return Counter(
        TelegramUpdate.objects.filter(update_id__gte=50_000_000).values_list("state", flat=True)
    )


def _plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    text = part.get_content() if part is not None else ""
    return str(text).replace("\r\n", "\n")


def outbound(sink: Any, fake: Any, reply_message_ids: set[int]) -> Outbound:
    """Every outbox row and bot message against what the SMTP sink and the fake Bot API got."""
    from supportdesk.accounts.models import User
    from supportdesk.chat.models import ChatUpdate
    from supportdesk.telegram.models import BotMessage
    from supportdesk.tickets.models import DeliveryStatus, OutboxDelivery

    result = Outbound()
    by_message_id: Counter[str] = Counter()
    by_address: dict[str, list[tuple[str, str]]] = defaultdict(list)  # (text, Message-ID)
    for message in list(sink.received):
        message_id = str(message.get("Message-ID", "")).strip()
        by_message_id[message_id] += 1
        for address in str(message.get("To", "")).split(","):
            by_address[address.strip().lower()].append((_plain_text(message), message_id))
    calls = fake.calls_to("sendMessage")
    call_ids = Counter(c.message_id for c in calls if c.message_id is not None)
    accounted: set[int] = set()
    emails = dict(User.objects.values_list("pk", "email"))

    deliveries = OutboxDelivery.objects.select_related("message").order_by("pk")
    for delivery in deliveries:
        result.deliveries += 1
        result.by_status[delivery.status] += 1
        is_reply = delivery.message_id in reply_message_ids
        result.replies += is_reply
        if delivery.status != DeliveryStatus.SENT:
            result.examples.append(
                f"delivery {delivery.pk} ({delivery.channel}): "
                f"{delivery.status} {delivery.last_error[:100]}"
            )
            continue
        if delivery.channel == "email":
            copies = by_message_id[f"<{delivery.external_id}>"]
            if copies > 1:  # the same Message-ID each time: a receiver can drop the repeat
                result.examples.append(
                    f"delivery {delivery.pk} (email) Message-ID: {delivery.external_id}"
                )
        elif delivery.channel == "portal":
            text = delivery.message.body_text.strip()
            address = str(emails.get(int(delivery.recipient), "")).lower()
            found = [mid for body, mid in by_address.get(address, []) if text in body]
            copies = len(found)
            if copies > 1:  # a repeat with the same Message-ID can be recognised by the receiver
                result.examples.append(f"delivery {delivery.pk} (portal) Message-IDs: {found}")
        elif delivery.channel == "chat":  # the widget gets the update (and, if away, an email)
            copies = ChatUpdate.objects.filter(message_id=delivery.message_id).count()
        else:  # telegram: "chat:message id" of the first part sent
            sent_id = int(delivery.external_id.rsplit(":", 1)[-1])
            accounted.add(sent_id)
            copies = call_ids[sent_id]
        _count(result, copies, f"delivery {delivery.pk} ({delivery.channel})", is_reply)

    for message in BotMessage.objects.filter(kind="message").order_by("pk"):
        result.bot_messages += 1
        if message.status != DeliveryStatus.SENT or message.telegram_message_id is None:
            result.bot_unsent += 1
            result.examples.append(f"bot message {message.pk}: {message.status}")
            continue
        accounted.add(message.telegram_message_id)
        if call_ids[message.telegram_message_id] == 1:
            result.bot_sent_once += 1
    # A Telegram send no row accounts for: the desk sent it, lost the answer and sent again.
    # (A reply longer than one Telegram message would be one too: the soak's replies are short.)
    stray = [c for c in calls if c.message_id not in accounted]
    result.stray_sends = len(stray)
    result.examples += [
        f"stray sendMessage to {c.params.get('chat_id')}: {str(c.params.get('text'))[:60]!r}"
        for c in stray[:5]
    ]
    return result


def _count(result: Outbound, copies: int, what: str, is_reply: bool) -> None:
    if copies == 1:
        result.sent_once += 1
        result.replies_sent_once += is_reply
    elif copies == 0:
        result.missing += 1
        result.examples.append(f"{what}: SENT but never received")
    else:
        result.sent_twice += 1
        result.examples.append(f"{what}: received {copies} times")


def task_statuses() -> tuple[Counter[str], list[str]]:
    """Task results by status, and what the RUNNING and FAILED ones were."""
    from django_tasks_db.models import DBTaskResult

    rows = list(DBTaskResult.objects.values_list("status", "task_path", "exception_class_path"))
    statuses = Counter(status for status, _, _ in rows)
    odd = Counter(
        f"{status} {path.rsplit('.', 1)[-1]} {error.rsplit('.', 1)[-1]}".strip()
        for status, path, error in rows
        if status in {"RUNNING", "FAILED"}
    )
    return statuses, [f"{n} × {what}" for what, n in odd.most_common(10)]
