"""Mail built to hurt the intake: every part of the path stays linear and bounded."""

import pytest

from supportdesk.mail.models import IntakeAction
from supportdesk.tickets.models import Ticket
from tests.deadline import finishes_within

pytestmark = pytest.mark.django_db


def _mail(*, subject: str, body: str, content_type: str = "text/plain") -> bytes:
    head = (
        "From: Ольга <olga@romashka.example>\r\nTo: help@desk.example\r\n"
        f"Subject: {subject}\r\nMessage-ID: <hostile-{len(subject)}-{len(body)}@romashka.example>\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: {content_type}; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return (head + body).encode()


@pytest.mark.parametrize("size", [64 * 1024, 1024 * 1024])
def test_a_subject_of_one_endless_word_is_taken_in_promptly(take_in, email_channel, size):
    with finishes_within(20):
        outcome = take_in(_mail(subject="x" * size, body="Не открывается диаграмма."))
    assert outcome.action == IntakeAction.CREATED
    assert Ticket.objects.get(number=outcome.ticket_number).subject.startswith("xxx")


@pytest.mark.parametrize(
    "body",
    [
        "y" * (2 * 1024 * 1024),
        "> " * (512 * 1024),
        ("-" * 60 + "\r\n") * 30_000,
        "On Mon, 1 Jan 2026 wrote:" * 40_000,
    ],
    ids=["endless-word", "endless-quote", "separator-lines", "endless-attribution"],
)
def test_a_huge_plain_body_is_taken_in_promptly(take_in, email_channel, body):
    with finishes_within(20):
        outcome = take_in(_mail(subject="Ошибка", body=body))
    assert outcome.action == IntakeAction.CREATED


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 100_000 + "текст" + "</div>" * 100_000,
        "<p>" + "a" * (2 * 1024 * 1024) + "</p>",
        "<a href='" + "h" * 500_000 + "'>ссылка</a>",
        "<p>текст</p>" + "<a " * 200_000,
    ],
    ids=["deep-nesting", "endless-word", "endless-attribute", "tag-open-to-the-end"],
)
def test_a_huge_html_body_is_taken_in_promptly(take_in, email_channel, html):
    with finishes_within(20):
        outcome = take_in(_mail(subject="Ошибка", body=html, content_type="text/html"))
    assert outcome.action == IntakeAction.CREATED


def test_a_character_reference_with_a_million_digits_is_kept_as_text(take_in, email_channel):
    html = "<p>Ошибка &#" + "1" * 1_000_000 + "; и &#1076;алее</p>"
    outcome = take_in(_mail(subject="Ошибка", body=html, content_type="text/html"))
    assert outcome.action == IntakeAction.CREATED
    ticket = Ticket.objects.get(number=outcome.ticket_number)
    [message] = ticket.messages.filter(author_contact__isnull=False)
    assert message.body_text.startswith("Ошибка &#111")
    assert message.body_text.endswith("и далее")


@pytest.mark.django_db(transaction=True)
def test_the_text_is_read_before_any_transaction_opens(mailbox, email_channel, monkeypatch):
    from django.db import connection

    from supportdesk.mail import inbound

    seen: list[bool] = []
    for name in ("split_reply", "reply_language", "sanitize_html"):
        real = getattr(inbound, name)

        def spy(*args, _real=real, **kwargs):
            seen.append(connection.in_atomic_block)
            return _real(*args, **kwargs)

        monkeypatch.setattr(inbound, name, spy)
    delivered = [
        (_mail(subject="Ошибка", body="<p>Не работает</p>", content_type="text/html"), None)
    ]
    outcomes = list(inbound.take_in_emails(delivered, mailbox=mailbox))
    assert [o.action for o in outcomes] == [IntakeAction.CREATED]
    assert seen == [False, False, False]


def test_message_ids_with_raw_8bit_bytes_and_nul_are_taken_in(take_in, email_channel):
    # Found by tests/mail/test_inbound_fuzz.py: the surrogates Python keeps for raw 8-bit
    # header bytes reached the database (UnicodeEncodeError, the email rejected).
    raw = (
        b"From: olga@romashka.example\r\nTo: help@desk.example\r\nSubject: test\r\n"
        b"Message-ID: <id-\xc3\xb0-\x00@romashka.example>\r\n"
        b"In-Reply-To: <\xff\xfe@x.example>\r\nReferences: &\x146\xc3\xb0\r\n\r\nbody\r\n"
    )
    outcome = take_in(raw)
    assert outcome.action == IntakeAction.CREATED, outcome.reason
    assert outcome.external_id == "id-ð-@romashka.example"
