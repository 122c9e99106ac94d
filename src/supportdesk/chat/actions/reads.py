"""An agent has read a chat: the customer's widget shows "Read" under their messages."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Max

from supportdesk.chat.models import ChatConversation, ChatUpdate, UpdateKind
from supportdesk.chat.updates import publish_updates
from supportdesk.tickets.models import Channel, Message, Ticket


@transaction.atomic
def do_mark_read_by_agent(ticket: Ticket) -> None:
    """Called when an agent's page shows the ticket's timeline; cheap when nothing is new."""
    if ticket.channel != Channel.CHAT:
        return
    latest = Message.objects.filter(ticket=ticket, author_contact__isnull=False).aggregate(
        m=Max("id")
    )["m"]
    if latest is None:
        return
    conversation, _ = ChatConversation.objects.get_or_create(ticket=ticket)
    # Only forwards, and only once per message however many agents look at the same moment.
    moved = ChatConversation.objects.filter(pk=conversation.pk, agent_read_up_to__lt=latest).update(
        agent_read_up_to=latest
    )
    if not moved:
        return
    update = ChatUpdate.objects.create(
        contact_id=ticket.requester_id, ticket=ticket, kind=UpdateKind.READ, data={"up_to": latest}
    )
    transaction.on_commit(partial(publish_updates, [update.pk]), robust=True)
