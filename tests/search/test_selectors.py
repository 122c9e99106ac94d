import pytest

from supportdesk.search.selectors import ticket_ids_matching
from supportdesk.tickets.inbound import InboundAttachment, receive
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
