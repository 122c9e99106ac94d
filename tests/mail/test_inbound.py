import pytest
from django.test import override_settings

from supportdesk.mail.models import InboundEmail, IntakeAction, IntakeRecord
from supportdesk.tickets.models import (
    AttachmentKind,
    DeliveryStatus,
    EventKind,
    Message,
    RejectedInbound,
    Ticket,
)
from tests.mail.corpus import (
    customer_message,
    fixture,
    message_with_office_attachments,
    raw_windows_1251_message,
    utf8_8bit_message_with_backslashes,
)

pytestmark = pytest.mark.django_db


def customer_messages(ticket: Ticket) -> list[Message]:
    return list(ticket.messages.filter(author_contact__isnull=False).order_by("pk"))


def test_new_email_opens_a_ticket_and_keeps_the_raw_message(take_in, mailbox, email_channel):
    raw = customer_message(message_id="<first@romashka.example>")
    outcome = take_in(raw)
    assert outcome.action == IntakeAction.CREATED
    ticket = Ticket.objects.get(number=outcome.ticket_number)
    assert ticket.subject == "Диаграмма не открывается"
    assert ticket.requester.email == "olga@romashka.example"
    [message] = customer_messages(ticket)
    assert message.external_id == "first@romashka.example"
    assert bytes(message.email.raw) == raw
    assert message.email.mailbox == mailbox
    record = IntakeRecord.objects.get()
    assert (record.action, record.ticket, record.raw) == ("created", ticket, None)


def test_subject_token_appends_to_that_ticket(take_in, email_channel):
    first = take_in(customer_message(message_id="<a@romashka.example>"))
    reply = customer_message(
        message_id="<b@romashka.example>", subject=f"Re: [#{first.ticket_number}] Диаграмма"
    )
    outcome = take_in(reply)
    assert (outcome.action, outcome.ticket_number) == ("appended", first.ticket_number)


def test_in_reply_to_a_stored_customer_message_appends(take_in, email_channel):
    first = take_in(customer_message(message_id="<a@romashka.example>"))
    reply = customer_message(
        message_id="<b@romashka.example>", subject="Ещё", in_reply_to="<a@romashka.example>"
    )
    assert take_in(reply).ticket_number == first.ticket_number


def test_reply_to_the_desks_sent_acknowledgement_threads_by_its_message_id(take_in, email_channel):
    first = take_in(customer_message(message_id="<a@romashka.example>"))
    [sent] = email_channel.sent
    assert sent.status == DeliveryStatus.SENT or sent.refresh_from_db() is None
    sent.refresh_from_db()
    reply = customer_message(
        message_id="<b@romashka.example>", subject="Спасибо", in_reply_to=f"<{sent.external_id}>"
    )
    assert take_in(reply).ticket_number == first.ticket_number


def test_mail_with_neither_token_nor_known_references_opens_a_new_ticket(take_in, email_channel):
    first = take_in(customer_message(message_id="<a@romashka.example>"))
    other = customer_message(message_id="<b@romashka.example>", in_reply_to="<unknown@x>")
    outcome = take_in(other)
    assert outcome.action == "created"
    assert outcome.ticket_number != first.ticket_number


def test_the_same_email_delivered_twice_is_stored_once(take_in, email_channel):
    raw = customer_message(message_id="<twice@romashka.example>")
    take_in(raw)
    again = take_in(raw)
    assert (again.action, again.reason) == ("ignored", "duplicate")
    assert Message.objects.filter(external_id="twice@romashka.example").count() == 1
    assert len(email_channel.sent) == 1  # acknowledged once


def test_email_without_message_id_is_deduplicated_by_content_hash(take_in, email_channel):
    raw = fixture("filename_path_traversal.eml")
    assert take_in(raw).action == "created"
    assert take_in(raw).reason == "duplicate"
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "autoreply_rfc3834_away.eml",
        "autoreply_html_precedence_bulk.eml",
        "ru_mailru_bounce_utf8_8bit.eml",
        "dsn_delay_warning_sendmail.eml",
    ],
)
def test_auto_replies_and_delivery_reports_are_ignored_counted_and_kept(
    name, take_in, email_channel
):
    outcome = take_in(fixture(name))
    assert outcome.action == "ignored"
    assert Ticket.objects.count() == 0
    assert email_channel.sent == []  # never acknowledged: no mail loop
    record = IntakeRecord.objects.get()
    assert bytes(record.raw) == fixture(name)
    assert record.reason == outcome.reason


def test_mail_from_the_desks_own_address_is_a_loop_and_ignored(take_in, email_channel):
    raw = customer_message(message_id="<loop@desk.example>", sender="help@desk.example")
    outcome = take_in(raw)
    assert outcome.action == "ignored" and outcome.reason.startswith("loop")


def test_bounce_of_desk_mail_marks_the_delivery_failed_on_the_ticket(take_in, email_channel):
    first = take_in(customer_message(message_id="<a@romashka.example>"))
    [delivery] = email_channel.sent
    delivery.refresh_from_db()
    bounce = fixture("bounce_postfix_mailbox_full.eml").replace(
        b"<4E326A95.3010907@example.com>", f"<{delivery.external_id}>".encode()
    )
    outcome = take_in(bounce)
    assert outcome.action == "ignored"
    assert "delivery marked failed" in outcome.reason
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.startswith("bounced:")
    ticket = Ticket.objects.get(number=first.ticket_number)
    failed = ticket.events.get(kind=EventKind.DELIVERY_FAILED)
    assert failed.data["final"] is True


def test_raw_8bit_windows_1251_mail_becomes_a_readable_ticket(take_in, email_channel):
    outcome = take_in(raw_windows_1251_message())
    ticket = Ticket.objects.get(number=outcome.ticket_number)
    assert ticket.subject == "Не проходит выгрузка в 1С"
    assert ticket.requester.name == "Галина Петровна"
    assert "C:\\Users\\buh\\new\\отчёт.xml" in customer_messages(ticket)[0].body_text


def test_backslashes_in_unencoded_utf8_text_are_stored_unchanged(take_in, email_channel):
    outcome = take_in(utf8_8bit_message_with_backslashes())
    ticket = Ticket.objects.get(number=outcome.ticket_number)
    assert ticket.subject == "Путь C:\\Users\\buh\\new"
    text = customer_messages(ticket)[0].body_text
    assert "C:\\Users\\buh\\new и в \\\\server\\bak\\x41" in text


def test_office_documents_archives_and_logs_are_all_stored(take_in, email_channel):
    outcome = take_in(message_with_office_attachments())
    [message] = customer_messages(Ticket.objects.get(number=outcome.ticket_number))
    stored = {a.filename: a for a in message.attachments.all()}
    assert set(stored) == {
        "отчёт за декабрь.xlsx", "договор.docx", "logs.zip", "app.log", "session.har",
    }  # fmt: skip
    assert stored["app.log"].kind == AttachmentKind.LOG
    assert stored["session.har"].kind == AttachmentKind.HAR
    assert stored["logs.zip"].file.read().startswith(b"PK")


def test_attachment_names_lose_their_directories(take_in, email_channel):
    outcome = take_in(fixture("filename_path_traversal.eml"))
    [message] = customer_messages(Ticket.objects.get(number=outcome.ticket_number))
    assert sorted(a.filename for a in message.attachments.all()) == ["MyFile.txt", "foo"]


@override_settings(SUPPORTDESK_MAX_ATTACHMENT_BYTES=100_000)
def test_oversized_attachment_is_not_stored_and_the_ticket_says_so(take_in, email_channel):
    outcome = take_in(fixture("ru_raw_8bit_utf8_attachment_name_yahoo.eml"))
    ticket = Ticket.objects.get(number=outcome.ticket_number)
    event = ticket.events.get(kind=EventKind.ATTACHMENT_REJECTED)
    assert event.data["filename"].startswith("Картинка")
    assert not customer_messages(ticket)[0].attachments.exists()


def test_quoted_history_is_split_from_the_new_text_and_kept(take_in, email_channel):
    outcome = take_in(fixture("reply_gmail.eml"))
    [message] = customer_messages(Ticket.objects.get(number=outcome.ticket_number))
    assert message.body_text == "Hello"
    email = InboundEmail.objects.get(message=message)
    assert email.quoted_text.startswith("On Mon, Apr 2, 2012")
    assert "> Hi" in email.full_text


def test_html_is_sanitised_before_it_is_stored(take_in, email_channel):
    outcome = take_in(fixture("ru_utf8_b64_subject_html_related.eml"))
    [message] = customer_messages(Ticket.objects.get(number=outcome.ticket_number))
    assert message.body_html
    assert "<script" not in message.body_html and "<style" not in message.body_html


def test_mail_without_a_sender_is_rejected_and_kept(take_in, email_channel):
    outcome = take_in(
        fixture("autoreply_polish_win1250_subject.eml").replace(b"Automatyczna", b"Zwykla")
    )
    assert (outcome.action, outcome.reason) == ("rejected", "missing_sender")
    assert RejectedInbound.objects.filter(reason="missing_sender").exists()
    assert IntakeRecord.objects.get().raw is not None


def test_a_message_that_breaks_the_intake_is_rejected_with_its_bytes_not_raised(
    take_in, email_channel, monkeypatch
):
    def explode(text: str) -> None:
        raise ValueError("parser bug")

    monkeypatch.setattr("supportdesk.mail.inbound.split_reply", explode)
    raw = customer_message(message_id="<boom@romashka.example>")
    outcome = take_in(raw)
    assert outcome.action == "rejected"
    assert outcome.reason == "error: ValueError: parser bug"
    assert Ticket.objects.count() == 0
    assert bytes(IntakeRecord.objects.get().raw) == raw


def test_a_strangers_mail_with_someone_elses_ticket_token_opens_its_own_ticket(
    take_in, email_channel
):
    first = take_in(customer_message(message_id="<own@romashka.example>"))
    stranger = customer_message(
        message_id="<x@evil.example>",
        subject=f"Re: [#{first.ticket_number}] Диаграмма",
        sender="mallory@evil.example",
    )
    outcome = take_in(stranger)
    assert outcome.action == "created"
    assert outcome.ticket_number != first.ticket_number


def test_imported_mail_keeps_the_time_it_was_written(take_in, email_channel):
    outcome = take_in(customer_message(message_id="<old@romashka.example>"), source="import")
    ticket = Ticket.objects.get(number=outcome.ticket_number)
    assert ticket.created_at.isoformat() == "2026-01-12T07:00:00+00:00"
