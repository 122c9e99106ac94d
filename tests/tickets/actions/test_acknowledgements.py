import pytest
from django.utils.translation import gettext

from supportdesk.customers.models import Plan
from supportdesk.tickets.actions.acknowledgements import do_acknowledge_new_ticket
from supportdesk.tickets.models import Ticket
from tests.customers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _words(*, ticket: Ticket, language: str, promise: str | None) -> str:
    # "Support team" is translated: it shows the customer's language is active.
    return f"#{ticket.number} {language} {gettext('Support team')} | {promise}"


def test_channel_words_get_the_number_and_the_promise_in_the_customers_language(open_ticket):
    ticket = open_ticket()

    do_acknowledge_new_ticket(ticket=ticket, words=_words, language="en", recipient="x@y.example")

    ack = ticket.messages.get(is_automatic=True)
    assert ack.body_text.startswith(f"#{ticket.number} en Support team | We will answer by ")
    assert ack.kind == "public" and ack.author_agent is None
    assert ack.deliveries.get().recipient == "x@y.example"
    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_nothing_is_promised_without_an_sla(open_ticket):
    ticket = open_ticket(organisation=OrganisationFactory(plan=Plan.FREE))

    do_acknowledge_new_ticket(ticket=ticket, words=_words, language="ru")

    assert ticket.messages.get(is_automatic=True).body_text.endswith("| None")


def test_a_channel_answering_live_says_it_instead_of_a_ticket_message(open_ticket):
    ticket = open_ticket()
    said: list[str] = []

    do_acknowledge_new_ticket(ticket=ticket, words=_words, language="ru", say=said.append)

    [text] = said
    assert text.startswith(f"#{ticket.number} ru Служба поддержки | Мы ответим до ")
    assert not ticket.messages.filter(is_automatic=True).exists()
