"""`EmailChannel` against a real SMTP server (aiosmtpd)."""

import pytest

from supportdesk.mail.inbound import take_in_email
from supportdesk.mail.models import Mailbox
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.models import DeliveryStatus, EventKind, OutboxDelivery, Ticket
from tests.mail.corpus import customer_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_ticket(imap_mailbox, django_capture_on_commit_callbacks):
    def make(message_id: str = "<q1@romashka.example>", **kwargs) -> Ticket:
        with django_capture_on_commit_callbacks(execute=True):
            outcome = take_in_email(
                customer_message(message_id=message_id, **kwargs), mailbox=imap_mailbox
            )
        assert outcome.ticket_number is not None
        return Ticket.objects.get(number=outcome.ticket_number)

    return make


def test_acknowledgement_goes_out_threaded_and_marked_automatic(new_ticket, smtp_sink):
    ticket = new_ticket()
    [sent] = smtp_sink.received
    assert sent["Subject"] == f"[#{ticket.number}] Диаграмма не открывается"
    assert sent["From"] == "Поддержка <help@desk.example>"
    assert sent["To"] == "olga@romashka.example"
    assert sent["In-Reply-To"] == "<q1@romashka.example>"
    assert "<q1@romashka.example>" in sent["References"]
    assert sent["Auto-Submitted"] == "auto-replied"
    assert sent.get_body(("plain",)).get_content().startswith("Здравствуйте!")
    assert "<p>" in sent.get_body(("html",)).get_content()
    delivery = OutboxDelivery.objects.get(message__ticket=ticket)
    assert delivery.status == DeliveryStatus.SENT
    assert sent["Message-ID"] == f"<{delivery.external_id}>"


def test_agent_reply_is_not_automatic_and_references_the_whole_thread(
    new_ticket, smtp_sink, agent, django_capture_on_commit_callbacks
):
    ticket = new_ticket()
    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=agent, body="Очистите кэш браузера.")
    ack, reply = smtp_sink.received
    assert reply["Auto-Submitted"] is None
    assert reply["In-Reply-To"] == "<q1@romashka.example>"
    assert ack["Message-ID"] in reply["References"]
    assert reply["Subject"] == f"[#{ticket.number}] Диаграмма не открывается"


def test_customer_answer_to_the_agent_reply_threads_by_its_message_id(
    new_ticket, smtp_sink, agent, imap_mailbox, django_capture_on_commit_callbacks
):
    ticket = new_ticket()
    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=agent, body="Очистите кэш браузера.")
    reply_id = smtp_sink.received[-1]["Message-ID"]
    answer = customer_message(
        message_id="<a2@romashka.example>", subject="Ответ", in_reply_to=reply_id
    )
    outcome = take_in_email(answer, mailbox=imap_mailbox)
    assert (outcome.action, outcome.ticket_number) == ("appended", ticket.number)


def test_permanent_smtp_refusal_fails_the_delivery_on_the_ticket(new_ticket, smtp_sink):
    smtp_sink.refuse["olga@romashka.example"] = "550 5.1.1 No such user"
    ticket = new_ticket()
    delivery = OutboxDelivery.objects.get(message__ticket=ticket)
    assert delivery.status == DeliveryStatus.FAILED
    assert "550" in delivery.last_error
    assert ticket.events.filter(kind=EventKind.DELIVERY_FAILED, data__final=True).exists()


def test_transient_smtp_refusal_is_retried_later(new_ticket, smtp_sink):
    smtp_sink.refuse["olga@romashka.example"] = "451 4.3.0 Try again later"
    delivery = OutboxDelivery.objects.get(message__ticket=new_ticket())
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.next_attempt_at is not None


def test_unreachable_smtp_server_is_a_retryable_failure(new_ticket, imap_mailbox):
    from tests.mail.servers import free_port

    Mailbox.objects.filter(pk=imap_mailbox.pk).update(smtp_port=free_port())
    delivery = OutboxDelivery.objects.get(message__ticket=new_ticket())
    assert delivery.status == DeliveryStatus.PENDING
    assert "ConnectionRefused" in delivery.last_error


def test_mailbox_without_smtp_host_sends_through_the_desk_mailer(
    new_ticket, imap_mailbox, mailoutbox
):
    Mailbox.objects.filter(pk=imap_mailbox.pk).update(smtp_host="")
    ticket = new_ticket()
    [sent] = mailoutbox
    assert sent.subject == f"[#{ticket.number}] Диаграмма не открывается"
    assert sent.extra_headers["Auto-Submitted"] == "auto-replied"


def test_a_hostile_customer_name_is_escaped_in_the_html_part(
    new_ticket, smtp_sink, agent, django_capture_on_commit_callbacks
):
    from supportdesk.workspace.canned import render_canned_response
    from supportdesk.workspace.models import CannedResponse

    ticket = new_ticket(sender='"<img src=x onerror=alert(1)>" <olga@romashka.example>')
    assert ticket.requester.name == "<img src=x onerror=alert(1)>"
    canned = CannedResponse.objects.create(
        title="Привет", body="{customer_name}, здравствуйте!\n\nПроверим & ответим <скоро>."
    )
    body = render_canned_response(canned, ticket=ticket, agent=agent, language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=agent, body=body)
    reply = smtp_sink.received[-1]
    html = reply.get_body(("html",)).get_content()
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;, здравствуйте!" in html
    assert "Проверим &amp; ответим &lt;скоро&gt;." in html
    assert reply.get_body(("plain",)).get_content().startswith("<img src=x onerror=alert(1)>,")
