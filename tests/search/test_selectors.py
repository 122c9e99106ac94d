from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.search.selectors import ticket_ids_matching
from supportdesk.tickets.inbound import InboundAttachment, receive
from tests.customers.factories import OrganisationDomainFactory, OrganisationFactory
from tests.tickets.factories import inbound_email

pytestmark = pytest.mark.django_db


def _ids(query: str) -> set[int]:
    return set(ticket_ids_matching(query=query))


def test_russian_words_match_in_other_forms():
    ticket = receive(
        inbound_email(subject="Диаграммы не открываются", text="Ошибка загрузки")
    ).ticket
    other = receive(inbound_email(subject="Счёт за май", text="Пришлите счёт")).ticket

    assert _ids("диаграмма") == {ticket.pk}
    assert _ids("открывается ошибки") == {ticket.pk}
    assert other.pk not in _ids("диаграмма")


def test_english_words_are_stemmed_too():
    ticket = receive(
        inbound_email(subject="Export fails", text="The diagrams are not exporting")
    ).ticket
    assert _ids("diagram export") == {ticket.pk}


def test_every_word_must_match():
    receive(inbound_email(subject="Диаграмма", text="не открывается"))
    assert _ids("диаграмма счёт") == set()


def test_later_messages_and_attachment_names_are_searchable():
    ticket = receive(inbound_email(subject="Проблема")).ticket
    receive(
        inbound_email(
            ticket_number=ticket.number,
            text="Прикладываю лог контейнера",
            attachments=[InboundAttachment("nginx-error.log", b"x", "text/plain")],
        )
    )
    assert ticket.pk in _ids("контейнеры")
    assert ticket.pk in _ids("nginx")


def test_fts_syntax_in_the_query_is_just_text():
    receive(inbound_email(subject="Диаграмма"))
    assert _ids('диаграмма" OR "x') == set()
    assert _ids("*") == set()
    assert _ids('NEAR(") ') == set()


def test_automatic_acknowledgements_are_not_searchable():
    from supportdesk.tickets.actions.acknowledgements import do_send_automatic_reply

    ticket = receive(inbound_email(subject="Диаграмма", text="не открывается")).ticket
    do_send_automatic_reply(ticket=ticket, body="Мы получили вашу заявку")
    assert _ids("получили") == set()


def test_what_agents_type_finds_the_ticket():
    """The searches of the issue that all said "Заявок нет": a number, a surname, an address,
    the organisation, and a plural the stemmer alone leaves as it is."""
    romashka = OrganisationFactory(name="ООО «Ромашка»")
    OrganisationDomainFactory(organisation=romashka, domain="romashka.example")
    sender = SenderIdentity(
        kind="email",
        external_id="petrov@romashka.example",
        email="petrov@romashka.example",
        name="Иван Петров",
        email_verified=True,
    )
    ticket = receive(
        inbound_email(sender=sender, subject="Сбой экспорта", text="Много ошибок при выгрузке")
    ).ticket
    stranger = SenderIdentity(
        kind="email",
        external_id="anna@mail.example",
        email="anna@mail.example",
        email_verified=True,
    )
    other = receive(
        inbound_email(sender=stranger, subject="Вопрос по счёту", text="Пришлите акт")
    ).ticket

    for query in (
        str(ticket.number),
        f"#{ticket.number}",
        f"№ {ticket.number}",
        "Петров",
        "петрова",  # another form of the surname
        "petrov@romashka.example",
        "ромашка",
        "romashka.example",
        "ошибок",
        "ошибка",
        "ошибками",
    ):
        assert ticket.pk in _ids(query), query
        assert other.pk not in _ids(query), query
    assert _ids(str(other.number)) == {other.pk}


def test_reindexing_makes_old_documents_find_what_is_indexed_now(
    django_capture_on_commit_callbacks,
):

    ticket = receive(inbound_email(subject="Сбой", text="Много ошибок")).ticket
    with connection.cursor() as cursor:  # as an older version indexed it: the subject only
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE search_ticketsearchdocument SET vector = to_tsvector('russian', 'Сбой')"
            )
        else:
            cursor.execute("DELETE FROM search_ticket_fts")
            cursor.execute(
                "INSERT INTO search_ticket_fts (ticket_id, body) VALUES (%s, 'сбо')", [ticket.pk]
            )
    assert ticket.pk not in _ids("ошибок")
    out = StringIO()
    call_command("search", "reindex", stdout=out)
    assert "1 tickets reindexed" in out.getvalue()
    assert ticket.pk in _ids("ошибок") and ticket.pk in _ids("сбой")
