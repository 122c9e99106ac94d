"""Delivery fails closed: a channel with no registered sender never reports a success."""

import pytest

from supportdesk.tickets.actions.delivery import do_attempt_delivery
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.inbound import receive
from supportdesk.tickets.models import DeliveryStatus, EventKind
from supportdesk.tickets.outbound import channels_without_sender
from tests.tickets.factories import inbound_email


@pytest.mark.django_db
def test_reply_on_a_channel_with_no_sender_fails_permanently_on_the_ticket(agent, without_sender):
    without_sender("email")
    ticket = receive(inbound_email()).ticket
    delivery = do_send_public_reply(ticket=ticket, agent=agent, body="Ответ").deliveries.get()

    result = do_attempt_delivery(delivery.pk)

    assert result is not None
    assert not result.ok
    assert result.permanent
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.sent_at is None
    assert delivery.attempts == 1
    assert "No sender is registered for channel 'email'" in delivery.last_error
    event = ticket.events.get(kind=EventKind.DELIVERY_FAILED)
    assert event.data["final"] is True


def test_channels_without_sender_lists_only_the_unserved(without_sender):
    without_sender("email")
    assert channels_without_sender(["email", "portal", "telegram"]) == ["email"]
