import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from supportdesk.customers.models import Contact, Identity
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.inbound import InboundAttachment, InboundRejected, receive
from supportdesk.tickets.models import (
    EventKind,
    Message,
    RejectedInbound,
    Status,
    Ticket,
)
from tests.customers.factories import OrganisationDomainFactory
from tests.tickets.factories import email_sender, inbound_email

pytestmark = pytest.mark.django_db


def test_first_message_opens_a_ticket_with_contact_identity_and_event():
    result = receive(inbound_email(subject="Ошибка 502"))

    assert result.outcome == "created"
    ticket = result.ticket
    assert ticket.subject == "Ошибка 502"
    assert ticket.status == Status.NEW
    assert ticket.number > 1000
    assert ticket.requester.email == "olga@romashka.example"
    assert Identity.objects.filter(kind="email", external_id="olga@romashka.example").count() == 1
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == [EventKind.OPENED, EventKind.CUSTOMER_MESSAGE]


def test_ticket_numbers_are_sequential():
    first = receive(inbound_email()).ticket
    second = receive(inbound_email(sender=email_sender("other@example.org"))).ticket
    assert second.number == first.number + 1


def test_same_external_id_twice_is_stored_once():
    message = inbound_email(external_id="<dup@mail.example>")
    first = receive(message)
    second = receive(message)

    assert second.outcome == "duplicate"
    assert second.message.pk == first.message.pk
    assert Message.objects.count() == 1
    assert Ticket.objects.count() == 1


def test_sender_domain_assigns_the_organisation():
    domain = OrganisationDomainFactory(domain="romashka.example")
    ticket = receive(inbound_email()).ticket
    assert ticket.organisation == domain.organisation


def test_message_with_ticket_number_from_the_requester_is_appended():
    ticket = receive(inbound_email()).ticket
    result = receive(inbound_email(ticket_number=ticket.number, subject=f"Re: [#{ticket.number}]"))

    assert result.outcome == "appended"
    assert result.ticket.pk == ticket.pk
    assert ticket.messages.count() == 2


def test_ticket_number_from_a_stranger_opens_a_new_ticket():
    ticket = receive(inbound_email()).ticket
    result = receive(
        inbound_email(ticket_number=ticket.number, sender=email_sender("mallory@evil.example"))
    )
    assert result.outcome == "created"
    assert result.ticket.pk != ticket.pk


def test_colleague_from_the_same_organisation_may_continue_a_ticket():
    OrganisationDomainFactory(domain="romashka.example")
    ticket = receive(inbound_email()).ticket
    result = receive(
        inbound_email(ticket_number=ticket.number, sender=email_sender("petr@romashka.example"))
    )
    assert result.ticket.pk == ticket.pk


def test_reply_to_a_stored_message_id_threads_into_its_ticket():
    first = receive(inbound_email(external_id="<original@mail.example>"))
    result = receive(inbound_email(in_reply_to=["<unknown@x>", "<original@mail.example>"]))
    assert result.outcome == "appended"
    assert result.ticket.pk == first.ticket.pk


def test_reply_to_an_agent_message_threads_by_the_sent_message_id(
    agent, email_channel, django_capture_on_commit_callbacks
):
    ticket = receive(inbound_email()).ticket
    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=agent, body="Пришлите HAR, пожалуйста.")
    sent_id = ticket.messages.get(author_agent=agent).deliveries.get().external_id
    assert sent_id

    result = receive(inbound_email(in_reply_to=[sent_id]))
    assert result.ticket.pk == ticket.pk


def test_customer_answer_moves_waiting_ticket_back_to_open(agent):
    ticket = receive(inbound_email()).ticket
    do_change_status(ticket=ticket, agent=agent, status=Status.WAITING)

    receive(inbound_email(ticket_number=ticket.number))

    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.events.filter(kind=EventKind.STATUS_CHANGED, actor_contact__isnull=False).exists()


def test_follow_up_on_a_closed_ticket_opens_a_new_one(agent):
    ticket = receive(inbound_email()).ticket
    do_change_status(ticket=ticket, agent=agent, status=Status.CLOSED)

    result = receive(inbound_email(ticket_number=ticket.number))

    assert result.outcome == "created"
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_critical_claim_and_diagnostics_are_kept_on_the_new_ticket():
    ticket = receive(
        inbound_email(
            critical_claim=True,
            diagnostics=DiagnosticFields(image_version="registry.example/app:4.2.0"),
        )
    ).ticket
    assert ticket.critical_claim == "claimed"
    assert ticket.critical_claimed_at is not None
    assert ticket.severity == "normal"
    assert ticket.image_version == "registry.example/app:4.2.0"


def test_unknown_channel_is_rejected_and_kept():
    with pytest.raises(InboundRejected) as excinfo:
        receive(inbound_email(channel="fax", text="Важное сообщение"))

    assert excinfo.value.reason == "unknown_channel"
    assert "канал" in excinfo.value.message_ru
    kept = RejectedInbound.objects.get()
    assert kept.payload["text"] == "Важное сообщение"
    assert Ticket.objects.count() == 0


def test_missing_sender_is_rejected_and_kept():
    with pytest.raises(InboundRejected) as excinfo:
        receive(inbound_email(sender=None))
    assert excinfo.value.reason == "missing_sender"
    assert RejectedInbound.objects.filter(reason="missing_sender").count() == 1


def test_invalid_utf8_and_nul_characters_become_replacement_characters():
    raw = "Ошибка ".encode() + b"\xff\xfe C:\\Users\\buh\\new\x00"
    result = receive(inbound_email(text=raw))
    body = result.message.body_text
    assert "\ufffd" in body
    assert "\x00" not in body
    assert "C:\\Users\\buh\\new" in body


def test_path_traversal_filename_is_stored_under_a_safe_name():
    result = receive(
        inbound_email(
            attachments=[InboundAttachment("../../etc/passwd", b"root:x:0:0", "text/plain")]
        )
    )
    attachment = result.message.attachments.get()
    assert attachment.filename == "passwd"
    assert ".." not in attachment.file.name
    assert default_storage.open(attachment.file.name).read() == b"root:x:0:0"


@override_settings(SUPPORTDESK_MAX_ATTACHMENT_BYTES=10)
def test_oversized_attachment_is_not_stored_and_the_ticket_says_so(caplog):
    result = receive(
        inbound_email(
            attachments=[
                InboundAttachment("big.har", b"x" * 11, "application/json"),
                InboundAttachment("small.log", b"ok", "text/plain"),
            ]
        )
    )
    assert [a.filename for a in result.message.attachments.all()] == ["small.log"]
    event = result.ticket.events.get(kind=EventKind.ATTACHMENT_REJECTED)
    assert event.data == {
        "message_id": result.message.pk,
        "filename": "big.har",
        "size": 11,
        "limit": 10,
        "reason": event.data["reason"],
    }
    assert event.data["reason"]  # shown on the timeline: which cap the file broke
    assert "exceeds the 10-byte cap" in caplog.text


def test_html_is_sanitised_before_it_is_stored():
    result = receive(
        inbound_email(
            html='<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:x">l</a></p>'
        )
    )
    html = result.message.body_html
    assert "script" not in html
    assert "onclick" not in html
    assert "javascript" not in html
    assert "<p>Hi" in html


def test_subject_falls_back_to_the_first_line_of_text():
    ticket = receive(inbound_email(subject="", text="\n  Не работает экспорт\nподробности")).ticket
    assert ticket.subject == "Не работает экспорт"


def test_unverified_email_does_not_attach_to_an_existing_contact():
    owner = receive(inbound_email()).ticket.requester
    from supportdesk.customers.actions.contacts import SenderIdentity

    result = receive(
        inbound_email(
            channel="telegram",
            external_id="tg-1",
            sender=SenderIdentity(kind="telegram", external_id="424242", email=owner.email),
        )
    )
    assert result.ticket.requester != owner
    assert Contact.objects.count() == 2
