"""`TelegramChannel`: delivers an agent's public reply (and its files) to the customer's chat.

The outbox calls `send` from a task with retries; a user who blocked the bot is a permanent
failure (not retried, shown on the ticket). The delivery's external id is "chat:message",
so the customer's Telegram reply to it threads back into the request.
"""

from __future__ import annotations

import logging

from supportdesk.telegram import texts
from supportdesk.telegram.actions.dialogues import do_follow_request
from supportdesk.telegram.bot_api import BotApiError, bot_api, message_chunks
from supportdesk.telegram.selectors import dialogue_for_user
from supportdesk.tickets.models import Channel, OutboxDelivery
from supportdesk.tickets.outbound import DeliveryResult

logger = logging.getLogger(__name__)


class TelegramChannel:
    name = Channel.TELEGRAM.value

    def send(self, delivery: OutboxDelivery) -> DeliveryResult:
        message = delivery.message
        ticket = message.ticket
        try:
            chat_id = int(delivery.recipient)
        except ValueError:
            return DeliveryResult(
                ok=False, error=f"not a Telegram chat: {delivery.recipient!r}", permanent=True
            )
        dialogue = dialogue_for_user(telegram_user_id=chat_id)
        language = dialogue.language if dialogue else ticket.requester.language
        text = texts.render(
            texts.AGENT_REPLY, language, number=ticket.number, body=message.body_text.strip()
        )
        try:
            with bot_api() as api:
                sent = [api.send_message(chat_id, chunk) for chunk in message_chunks(text)]
                for attachment in message.attachments.all():
                    with attachment.file.open("rb") as stored:
                        api.send_document(chat_id, attachment.filename, stored.read())
        except BotApiError as exc:
            logger.warning("telegram delivery %s to %s: %s", delivery.pk, chat_id, exc.description)
            return DeliveryResult(ok=False, error=exc.description, permanent=exc.permanent)
        if dialogue is not None:
            do_follow_request(dialogue=dialogue, ticket=ticket)
        return DeliveryResult(ok=True, external_id=f"{chat_id}:{sent[0]}")
