import pytest
from django.db import transaction

from supportdesk.tickets.actions.replies import check_add_internal_note, check_send_public_reply
from supportdesk.tickets.errors import ActionRefused, PermissionDenied
from supportdesk.tickets.inbound import receive
from supportdesk.tickets.models import (
    DeliveryStatus,
    EventKind,
    MessageKind,
    OutboxDelivery,
    Status,
)
from tests.accounts.factories import CustomerUserFactory
from tests.tickets.factories import inbound_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket():
    return receive(inbound_email()).ticket


def test_public_reply_writes_the_outbox_row_and_delivers_after_commit(
    ticket, agent, email_channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = check_send_public_reply(ticket=ticket, agent=agent, body="Здравствуйте!")
        delivery = OutboxDelivery.objects.get(message=message)
        # Nothing is sent from inside the transaction.
        assert delivery.status == DeliveryStatus.PENDING
        assert email_channel.sent == []

    for callback in callbacks:  # the commit: the delivery task, the queue counts marked stale
        callback()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.recipient == "olga@romashka.example"
    assert [d.pk for d in email_channel.sent] == [delivery.pk]


def test_public_reply_rolled_back_leaves_no_outbox_row(ticket, agent):
    with pytest.raises(RuntimeError), transaction.atomic():
        check_send_public_reply(ticket=ticket, agent=agent, body="Здравствуйте!")
        raise RuntimeError("crash after the reply")
    assert not OutboxDelivery.objects.exists()
    assert not ticket.messages.filter(kind=MessageKind.PUBLIC, author_agent=agent).exists()


def test_first_public_reply_sets_first_response_and_opens_a_new_ticket(ticket, agent):
    message = check_send_public_reply(ticket=ticket, agent=agent, body="Смотрим.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == message.created_at
    assert ticket.status == Status.OPEN

    check_send_public_reply(ticket=ticket, agent=agent, body="Ещё смотрим.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == message.created_at
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.PUBLIC_REPLY) == 2


def test_internal_note_is_not_sent_and_is_not_a_first_response(ticket, agent):
    note = check_add_internal_note(ticket=ticket, agent=agent, body="Похоже на баг 4.2")
    ticket.refresh_from_db()
    assert note.kind == MessageKind.INTERNAL
    assert ticket.first_response_at is None
    assert not OutboxDelivery.objects.exists()
    assert ticket.events.filter(kind=EventKind.INTERNAL_NOTE).count() == 1


def test_a_customer_account_cannot_reply_as_an_agent(ticket):
    with pytest.raises(PermissionDenied):
        check_send_public_reply(ticket=ticket, agent=CustomerUserFactory(), body="hi")
    assert not OutboxDelivery.objects.exists()


def test_closed_ticket_and_empty_reply_are_refused(ticket, agent):
    with pytest.raises(ActionRefused):
        check_send_public_reply(ticket=ticket, agent=agent, body="   ")
    ticket.status = Status.CLOSED
    with pytest.raises(ActionRefused):
        check_send_public_reply(ticket=ticket, agent=agent, body="hello")


def test_reply_goes_to_the_channel_the_ticket_came_from(agent):
    from supportdesk.customers.actions.contacts import SenderIdentity

    ticket = receive(
        inbound_email(
            channel="telegram",
            external_id="update-1",
            sender=SenderIdentity(kind="telegram", external_id="777"),
        )
    ).ticket
    message = check_send_public_reply(ticket=ticket, agent=agent, body="Ответ")
    delivery = message.deliveries.get()
    assert (delivery.channel, delivery.recipient) == ("telegram", "777")
