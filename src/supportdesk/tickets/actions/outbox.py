"""Putting a message in the outbox: the row now (or with the rest of an intake batch, see
`batched_writes`), the sending task once the transaction commits."""

from __future__ import annotations

from supportdesk.batched_writes import write_later
from supportdesk.customers.models import IdentityKind
from supportdesk.enqueue import enqueue_on_commit
from supportdesk.tickets.models import Message, OutboxDelivery


def queue_delivery(
    message: Message, *, recipient: str | None = None, channel: str | None = None
) -> bool:
    """The outbox row for `message` on the ticket's channel (or `channel`: the chat continues
    by email). Without an explicit recipient it is addressed to the requester's identity on
    that channel, falling back to their email; False when the requester cannot be reached."""
    ticket = message.ticket
    channel = channel or ticket.channel
    if recipient is None:
        identities = {i.kind: i.external_id for i in ticket.requester.identities.all()}
        recipient = identities.get(IdentityKind(channel))
        if recipient is None and ticket.requester.email:
            channel, recipient = "email", ticket.requester.email
    if recipient is None:
        return False
    write_later(_insert_deliveries, OutboxDelivery(message=message, channel=channel,
                                                   recipient=recipient))  # fmt: skip
    return True


def _insert_deliveries(deliveries: list[OutboxDelivery]) -> None:
    from supportdesk.tickets.tasks import deliver_outbox

    for delivery in OutboxDelivery.objects.bulk_create(deliveries):
        enqueue_on_commit(deliver_outbox, delivery.pk)
