"""Delivering an agent's reply to the chat: the widget already has it (the reply's update was
pushed when it committed, and a widget that reconnects catches up), so a delivery only decides
whether the customer, not connected now, should also get it by email (the host's continuity)."""

from __future__ import annotations

import logging

from supportdesk.chat.models import ChatConversation
from supportdesk.chat.presence import is_online
from supportdesk.tickets.actions.outbox import queue_delivery
from supportdesk.tickets.models import Channel, OutboxDelivery
from supportdesk.tickets.outbound import DeliveryResult

logger = logging.getLogger(__name__)


class ChatChannel:
    name: str = Channel.CHAT

    def send(self, delivery: OutboxDelivery) -> DeliveryResult:
        message = delivery.message
        ticket = message.ticket
        if is_online(ticket.requester_id) or message.is_automatic:
            return DeliveryResult(ok=True, external_id="chat")
        conversation = ChatConversation.objects.select_related("host").filter(ticket=ticket)
        host = conversation[0].host if conversation else None
        continuity = host.email_continuity if host is not None else True
        email = ticket.requester.email
        if continuity and email and queue_delivery(message, recipient=email, channel="email"):
            logger.info("chat #%s: customer offline, reply %s sent by email too",
                        ticket.number, message.pk)  # fmt: skip
            return DeliveryResult(ok=True, external_id="chat+email")
        return DeliveryResult(ok=True, external_id="chat")
