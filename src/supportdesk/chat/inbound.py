"""A message typed (or a file sent) in the widget, as the one `receive()` takes it."""

from __future__ import annotations

from collections.abc import Sequence

from supportdesk.chat.actions.connections import ChatSession
from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.models import IdentityKind
from supportdesk.tickets.inbound import InboundAttachment, InboundMessage
from supportdesk.tickets.models import Channel


def chat_inbound_message(
    session: ChatSession,
    *,
    client_id: str,
    text: str,
    ticket_number: int | None,
    attachments: Sequence[InboundAttachment] = (),
) -> InboundMessage:
    identity = session.identity
    return InboundMessage(
        channel=Channel.CHAT,
        # The widget's id of the message makes a retried send one message; the contact's id
        # keeps two customers' ids apart.
        external_id=f"{session.contact.pk}:{client_id}",
        sender=SenderIdentity(
            kind=IdentityKind.CHAT,
            external_id=identity.user_id,
            email=identity.email,
            name=identity.name,
            language=session.language,
            email_verified=True,
        ),
        text=text,
        attachments=attachments,
        ticket_number=ticket_number,
    )
