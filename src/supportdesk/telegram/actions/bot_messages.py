"""The bot's own outbox: what the dialogue and the announcements say, sent with retries.

Rows are written in the transaction that decided them; `do_send_bot_messages` sends a chat's
due rows in order (a transient failure stops the chat's queue so the order holds; a
permanent one, such as a user who blocked the bot, marks the row failed and moves on).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from supportdesk.telegram.bot_api import BotApi, BotApiError, Buttons, bot_api
from supportdesk.telegram.bot_config import bot_config
from supportdesk.telegram.models import BotMessage, BotMessageKind, Dialogue
from supportdesk.telegram.selectors import pending_bot_message_ids
from supportdesk.tickets.claims import claim_timeout, retry_delay
from supportdesk.tickets.models import DeliveryStatus, Ticket

logger = logging.getLogger(__name__)


def do_queue_bot_message(
    *,
    dialogue: Dialogue,
    text: str,
    chat_id: int | None = None,
    buttons: Buttons = (),
    ticket: Ticket | None = None,
    kind: str = BotMessageKind.MESSAGE,
    callback_query_id: str = "",
) -> BotMessage:
    from supportdesk.telegram.tasks import send_bot_messages

    message = BotMessage.objects.create(
        dialogue=dialogue,
        chat_id=chat_id if chat_id is not None else dialogue.chat_id,
        kind=kind,
        text=text,
        buttons=[list(row) for row in buttons],
        callback_query_id=callback_query_id,
        ticket=ticket,
    )
    target = message.chat_id
    transaction.on_commit(lambda: send_bot_messages.enqueue(target))
    return message


def do_send_bot_messages(chat_id: int) -> int:
    """Send the chat's due messages in order; returns how many were sent."""
    ids = pending_bot_message_ids(chat_id=chat_id, now=timezone.now())
    if not ids:
        return 0
    config = bot_config()
    if not config.token:
        return 0
    sent = 0
    with bot_api(config) as api:
        for pk in ids:
            outcome = _send_one(api, pk)
            if outcome is None:
                continue
            if not outcome:
                break
            sent += 1
    return sent


def _send_one(api: BotApi, pk: int) -> bool | None:
    """True when sent, False on a transient failure, None when skipped or failed for good."""
    now = timezone.now()
    claimed = BotMessage.objects.filter(pk=pk, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    message = BotMessage.objects.get(pk=pk)
    try:
        if message.kind == BotMessageKind.CALLBACK_ANSWER:
            api.answer_callback_query(message.callback_query_id, message.text)
            message_id = None
        else:
            message_id = api.send_message(message.chat_id, message.text, buttons=message.buttons)
    except BotApiError as exc:
        return _record_failure(message, exc, now)
    message.status = DeliveryStatus.SENT
    message.sent_at = now
    message.telegram_message_id = message_id
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "telegram_message_id", "last_error"])
    return True


def _record_failure(message: BotMessage, exc: BotApiError, now: datetime) -> bool | None:
    message.last_error = exc.description[:2000]
    final = exc.permanent or message.attempts >= settings.SUPPORTDESK_OUTBOX_MAX_ATTEMPTS
    if final:
        message.status = DeliveryStatus.FAILED
        message.next_attempt_at = None
        logger.warning("bot message %s to %s failed for good: %s", message.pk, message.chat_id,
                       exc.description)  # fmt: skip
    else:
        message.status = DeliveryStatus.PENDING
        delay = max(retry_delay(message.attempts).total_seconds(), exc.retry_after)
        message.next_attempt_at = now + timedelta(seconds=delay)
        logger.info("bot message %s to %s: retry at %s (%s)", message.pk, message.chat_id,
                    message.next_attempt_at, exc.description)  # fmt: skip
    message.save(update_fields=["status", "next_attempt_at", "last_error"])
    return None if final else False


def do_release_stale_bot_message_claims() -> int:
    """Rows a worker claimed and never finished (it died mid-send) go back to the queue."""
    stale = timezone.now() - claim_timeout()
    return BotMessage.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=stale).update(
        status=DeliveryStatus.PENDING, next_attempt_at=None
    )
