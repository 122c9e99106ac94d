import pytest

from supportdesk.tickets.models import EventKind, Message, Ticket
from tests.customers.factories import OrganisationDomainFactory
from tests.mail.corpus import customer_message
from tests.sla.factories import EnterpriseOrganisationFactory

pytestmark = pytest.mark.django_db


def acknowledgement(ticket: Ticket) -> Message:
    return ticket.messages.get(is_automatic=True)


def test_new_ticket_is_acknowledged_in_russian_with_its_number(take_in, email_channel):
    outcome = take_in(customer_message(message_id="<a@x.example>"))
    ticket = Ticket.objects.get(number=outcome.ticket_number)
    ack = acknowledgement(ticket)
    assert f"#{ticket.number}" in ack.body_text
    assert "Мы получили ваше обращение" in ack.body_text
    assert ack.author_agent is None and ack.kind == "public"
    [delivery] = email_channel.sent
    assert (delivery.message, delivery.recipient) == (ack, "olga@romashka.example")


def test_english_mail_is_acknowledged_in_english(take_in, email_channel):
    raw = customer_message(
        message_id="<en@x.example>",
        subject="Cannot open the diagram",
        body="Hello, the diagram does not open after the update. Please help.",
        sender="John <john@example.com>",
    )
    ticket = Ticket.objects.get(number=take_in(raw).ticket_number)
    assert "We have received your request" in acknowledgement(ticket).body_text


def test_acknowledgement_states_the_sla_promise_when_the_plan_has_one(take_in, email_channel):
    domain = OrganisationDomainFactory(organisation=EnterpriseOrganisationFactory())
    raw = customer_message(message_id="<sla@x.example>", sender=f"Ivan <ivan@{domain.domain}>")
    ticket = Ticket.objects.get(number=take_in(raw).ticket_number)
    assert "Мы ответим до " in acknowledgement(ticket).body_text
    assert "МСК" in acknowledgement(ticket).body_text


def test_free_plan_acknowledgement_promises_no_time(take_in, email_channel):
    outcome = take_in(customer_message(message_id="<free@x.example>"))
    assert (
        "Мы ответим до"
        not in acknowledgement(Ticket.objects.get(number=outcome.ticket_number)).body_text
    )


def test_acknowledgement_is_not_a_first_response(take_in, email_channel):
    domain = OrganisationDomainFactory(organisation=EnterpriseOrganisationFactory())
    raw = customer_message(message_id="<fr@x.example>", sender=f"ivan@{domain.domain}")
    ticket = Ticket.objects.get(number=take_in(raw).ticket_number)
    assert ticket.first_response_at is None
    event = ticket.events.get(kind=EventKind.PUBLIC_REPLY)
    assert event.actor_agent is None and event.data["automatic"] is True
    from supportdesk.sla.models import ClockState, SlaClock, Target

    clock = SlaClock.objects.get(ticket=ticket, target=Target.RESPONSE)
    assert clock.state == ClockState.RUNNING


def test_a_reply_to_an_existing_ticket_is_not_acknowledged(take_in, email_channel):
    first = take_in(customer_message(message_id="<a@x.example>"))
    reply = customer_message(message_id="<b@x.example>", subject=f"[#{first.ticket_number}] ещё")
    take_in(reply)
    assert len(email_channel.sent) == 1
