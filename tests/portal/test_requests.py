import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supportdesk.customers.actions.portal_accounts import do_link_portal_account
from supportdesk.customers.models import Plan
from supportdesk.tickets.actions.replies import do_add_internal_note, do_send_public_reply
from supportdesk.tickets.models import Status, Ticket
from tests.accounts.factories import CustomerUserFactory
from tests.customers.factories import OrganisationFactory
from tests.portal.conftest import HAR_WITH_COOKIES

pytestmark = pytest.mark.django_db


def _new(client, **fields):
    data = {
        "problem_kind": "user_facing_error",
        "subject": "Диаграмма не открывается",
        "description": "Бесконечная загрузка",
        "browser_version": "Chrome 131",
        "idempotency_key": "6f1c7bc4-4f2a-4c5f-9a53-3c7d2b3f9a10",
    }
    data.update(fields)
    return client.post(reverse("portal:new_request"), data)


def test_new_request_is_a_portal_ticket_with_diagnostics_and_an_sla_promise(
    customer_client, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _new(
            customer_client,
            image_version="registry.example/app:4.2.0",
            affected_user_email="user@promstroy.example",
            critical_claim="on",
        )
    ticket = Ticket.objects.get()
    assert response["Location"] == reverse("portal:request", args=[ticket.number])
    assert (ticket.channel, ticket.requester) == ("portal", customer)
    assert ticket.image_version == "registry.example/app:4.2.0"
    assert ticket.critical_claim == "claimed"
    page = customer_client.get(response["Location"])
    assert f"Заявка #{ticket.number} зарегистрирована. Мы ответим до" in page.text
    (ack,) = mail.outbox
    assert ack.to == [customer.email]
    assert "Мы ответим до" in ack.body
    assert ack.extra_headers["Auto-Submitted"] == "auto-replied"
    assert ticket.first_response_at is None


def test_the_same_form_submitted_twice_makes_one_request(customer_client):
    _new(customer_client)
    _new(customer_client)
    assert Ticket.objects.count() == 1


def test_har_is_sanitised_before_it_is_stored_and_the_customer_is_told(customer_client):
    raw = HAR_WITH_COOKIES.read_bytes()
    assert b'"SID"' in raw
    upload = SimpleUploadedFile("session.har", raw, "application/json")
    response = _new(customer_client, har_file=upload)
    page = customer_client.get(response["Location"])
    assert "Из HAR-файла перед сохранением удалено" in page.text
    stored = Ticket.objects.get().messages.get(author_contact__isnull=False).attachments.get()
    content = stored.file.read()
    cookies = [c for e in json.loads(content)["log"]["entries"] for c in e["request"]["cookies"]]
    assert cookies and all(c["value"] == "[REDACTED]" for c in cookies)


def test_a_file_that_is_not_a_har_is_refused_with_the_reason(customer_client):
    response = _new(
        customer_client, har_file=SimpleUploadedFile("x.har", b"{not json", "application/json")
    )
    assert response.status_code == 200
    assert "Это не HAR-файл" in response.text
    assert not Ticket.objects.exists()


def test_cloud_customer_cannot_set_enterprise_fields(client, customer_factory):
    cloud = customer_factory(
        "olga@romashka.example", organisation=OrganisationFactory(plan=Plan.TEAM)
    )
    client.force_login(cloud.user)
    _new(client, image_version="forged:1.0", log_file=SimpleUploadedFile("a.log", b"x"))
    ticket = Ticket.objects.get()
    assert ticket.image_version == ""
    assert not ticket.messages.get(author_contact__isnull=False).attachments.exists()


def test_conversation_hides_internal_notes_and_reply_appends(customer_client, agent):
    response = _new(customer_client)
    ticket = Ticket.objects.get()
    do_add_internal_note(ticket=ticket, agent=agent, body="секретная заметка")
    do_send_public_reply(ticket=ticket, agent=agent, body="Пришлите HAR")
    page = customer_client.get(response["Location"])
    assert "Пришлите HAR" in page.text
    assert "секретная заметка" not in page.text

    customer_client.post(
        reverse("portal:reply", args=[ticket.number]),
        {
            "body": "Вот он",
            "idempotency_key": "0d3b1f0e-7c57-4c8f-9a0b-8f1f1b2d3e4f",
            "attachments": [SimpleUploadedFile("a.log", b"log")],
        },
    )
    assert ticket.messages.filter(body_text="Вот он").count() == 1


def test_resolve_and_reopen(customer_client):
    _new(customer_client)
    ticket = Ticket.objects.get()
    customer_client.post(reverse("portal:resolve", args=[ticket.number]))
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    customer_client.post(reverse("portal:reopen", args=[ticket.number]))
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_other_customers_tickets_and_attachments_are_404(client, customer_factory, open_ticket):
    owner = customer_factory("ivan@promstroy.example")
    stranger = customer_factory("eve@other.example")
    client.force_login(owner.user)
    _new(client, attachments=[SimpleUploadedFile("a.txt", b"secret")])
    ticket = Ticket.objects.get()
    attachment = ticket.messages.get(author_contact__isnull=False).attachments.get()

    client.force_login(stranger.user)
    for url in (
        reverse("portal:request", args=[ticket.number]),
        reverse("portal:request", args=[ticket.number + 1]),
        reverse("portal:attachment", args=[attachment.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in ("portal:reply", "portal:resolve", "portal:reopen"):
        assert client.post(reverse(url, args=[ticket.number]), {"body": "x"}).status_code == 404
    assert ticket.messages.filter(author_contact__isnull=False).count() == 1
    assert ticket.subject not in client.get(reverse("portal:requests")).text


def test_colleagues_see_the_organisation_s_tickets_only_when_allowed(client, customer_factory):
    owner = customer_factory("ivan@promstroy.example")
    colleague = customer_factory("anna@promstroy.example", organisation=owner.organisation)
    admin = customer_factory(
        "boss@promstroy.example", organisation=owner.organisation, is_organisation_admin=True
    )
    client.force_login(owner.user)
    _new(client)
    ticket = Ticket.objects.get()
    url = reverse("portal:request", args=[ticket.number])

    client.force_login(colleague.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal:organisation")).status_code == 404

    client.force_login(admin.user)
    assert client.get(url).status_code == 200
    client.post(reverse("portal:organisation"), {"members_see_all_tickets": "on"})

    client.force_login(colleague.user)
    assert client.get(url).status_code == 200


def test_agent_reply_reaches_a_portal_customer_by_email(
    customer_client, customer, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation goes out first
        _new(customer_client)
    ticket = Ticket.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=agent, body="Исправили, проверьте")
    (message,) = mail.outbox
    assert message.to == [customer.email]
    assert f"[#{ticket.number}]" in message.subject
    assert "Исправили, проверьте" in message.body
    assert f"/portal/requests/{ticket.number}/" in message.body


def test_a_notification_sent_again_after_a_crash_keeps_its_message_id(
    customer_client, customer, agent, django_capture_on_commit_callbacks
):
    from supportdesk.portal.outbound import PortalChannel
    from supportdesk.tickets.models import OutboxDelivery

    with django_capture_on_commit_callbacks(execute=True):
        _new(customer_client)
    ticket = Ticket.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=agent, body="Исправили, проверьте")
    delivery = OutboxDelivery.objects.filter(message__author_agent=agent).get()
    mail.outbox.clear()
    # At-least-once: a worker killed after the SMTP server's "OK" sends the same delivery again.
    PortalChannel().send(delivery)
    PortalChannel().send(delivery)
    first, again = (sent.message()["Message-ID"] for sent in mail.outbox)
    assert first == again == f"<supportdesk.{delivery.pk}.{ticket.number}@localhost>"


def test_a_customer_of_no_organisation_is_told_why_there_is_no_answer_time(client):
    user = CustomerUserFactory.create(username="me@gmail.example", email="me@gmail.example")
    assert do_link_portal_account(user=user).organisation is None
    client.force_login(user)
    _new(client)
    ticket = Ticket.objects.get()
    assert ticket.sla_due_at is None
    listing = client.get(reverse("portal:requests")).text
    assert "в общей очереди" in listing
    page = client.get(reverse("portal:request", args=[ticket.number])).text
    assert 'id="no-sla"' in page and "пишите с рабочего адреса" in page


@pytest.mark.parametrize(
    ("language", "late", "late_page"),
    [
        ("ru", "задерживаемся, ответим как можно скорее", "Мы задерживаемся с ответом"),
        ("en", "we are late, we will answer as soon as we can", "Our answer is late"),
    ],
)
def test_a_customer_waiting_past_the_due_time_is_told_we_are_late(
    customer_client, language, late, late_page
):
    """A promise already broken was shown as if still ahead ("Ответим до 4 декабря" on 7 December)."""
    from datetime import timedelta

    from django.utils import timezone

    from supportdesk.sla.models import SlaClock

    _new(customer_client)
    ticket = Ticket.objects.get()
    headers = {"Accept-Language": language}
    assert late not in customer_client.get(reverse("portal:requests"), headers=headers).text
    past = timezone.now() - timedelta(minutes=1)  # the due time has just gone by, unanswered
    SlaClock.objects.filter(ticket=ticket).update(due_at=past)
    Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=past)
    listing = customer_client.get(reverse("portal:requests"), headers=headers).text
    page = customer_client.get(reverse("portal:request", args=[ticket.number]), headers=headers)
    assert late in listing
    assert late_page in page.text
