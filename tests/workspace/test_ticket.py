import pytest
from django.urls import reverse

from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.tickets.actions.assignment import check_assign_ticket
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.inbound import InboundAttachment, receive
from supportdesk.tickets.models import CriticalClaim, EventKind, MessageKind, OutboxDelivery, Status
from supportdesk.workspace.models import CannedResponse
from tests.accounts.factories import AgentFactory
from tests.sla.conftest import msk
from tests.tickets.factories import inbound_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(open_ticket):
    return open_ticket(
        at=msk(2026, 3, 2, 12), critical_claim=True, html="<p>Hi<script>x()</script></p>"
    )


def _page(client, ticket):
    return client.get(reverse("workspace:ticket", args=[ticket.number]))


def test_ticket_page_shows_conversation_sla_and_organisation(agent_client, ticket):
    response = _page(agent_client, ticket)
    assert response.status_code == 200
    text = response.text
    assert ticket.subject in text
    assert "Первый ответ" in text and "3 марта 2026, 19:00" in text  # 16 h from Mon 12:00
    assert ticket.organisation.name in text
    assert "<script>x()" not in text
    assert 'id="critical-form"' in text


def test_ticket_page_query_count_is_pinned(agent_client, ticket, django_assert_max_num_queries):
    for n in range(5):
        receive(
            inbound_email(
                sender=_sender(ticket),
                ticket_number=ticket.number,
                text=f"ещё {n}",
                attachments=[InboundAttachment(f"f{n}.log", b"x", "text/plain")],
            )
        )
    _page(agent_client, ticket)
    with django_assert_max_num_queries(20) as captured:
        _page(agent_client, ticket)
    receive(
        inbound_email(
            sender=_sender(ticket),
            ticket_number=ticket.number,
            text="и ещё",
            attachments=[InboundAttachment("g.log", b"y", "text/plain")],
        )
    )
    with django_assert_max_num_queries(len(captured.captured_queries)):
        _page(agent_client, ticket)


def _sender(ticket):
    from supportdesk.customers.actions.contacts import SenderIdentity

    email = ticket.requester.email
    return SenderIdentity(kind="email", external_id=email, email=email, email_verified=True)


def test_public_reply_goes_to_the_outbox_and_internal_note_does_not(agent_client, ticket, agent):
    url = reverse("workspace:reply", args=[ticket.number])
    agent_client.post(url, {"body": "Смотрим"})
    agent_client.post(url, {"body": "заметка", "internal": "on"})
    kinds = list(ticket.messages.filter(author_agent=agent).values_list("kind", flat=True))
    assert kinds == [MessageKind.PUBLIC, MessageKind.INTERNAL]
    assert OutboxDelivery.objects.count() == 1
    assert ticket.events.filter(kind=EventKind.PUBLIC_REPLY, actor_agent=agent).exists()


def test_status_and_critical_confirmation(agent_client, ticket):
    agent_client.post(
        reverse("workspace:critical", args=[ticket.number]),
        {"decision": "confirm", "reason": "Не входит никто"},
    )
    response = agent_client.post(
        reverse("workspace:status", args=[ticket.number]), {"status": "waiting"}
    )
    ticket.refresh_from_db()
    assert ticket.critical_claim == CriticalClaim.CONFIRMED
    assert ticket.status == Status.WAITING
    assert response.status_code == 302


def test_refused_action_shows_the_reason(agent_client, ticket):
    agent_client.post(reverse("workspace:status", args=[ticket.number]), {"status": "closed"})
    response = agent_client.post(
        reverse("workspace:status", args=[ticket.number]), {"status": "open"}, follow=True
    )
    assert "Закрытую заявку нельзя открыть снова" in response.text


def test_merge_moves_messages_and_both_timelines_say_so(agent_client, ticket, open_ticket):
    duplicate = open_ticket(at=msk(2026, 3, 2, 13), subject="Дубль")
    response = agent_client.post(
        reverse("workspace:merge", args=[duplicate.number]), {"target": ticket.number}
    )
    assert response["Location"] == reverse("workspace:ticket", args=[ticket.number])
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED
    assert ticket.messages.count() == 2
    assert ticket.events.get(kind=EventKind.MERGED_FROM).data["source"] == duplicate.number
    assert duplicate.events.get(kind=EventKind.MERGED_INTO).data["target"] == ticket.number


def test_canned_response_fills_in_known_variables_only(agent_client, ticket):
    canned = CannedResponse.objects.create(
        title="Ответ",
        body="Здравствуйте, {customer_name}! Заявка {ticket_number}, ответим до {sla_due}. {__class__}",
    )
    response = agent_client.get(
        reverse("workspace:canned", args=[ticket.number]), {"canned": canned.pk}
    )
    name = ticket.requester.name or ticket.requester.email
    assert (
        f"Здравствуйте, {name}! Заявка {ticket.number}, ответим до 3 марта 2026, 19:00 МСК. {{__class__}}"
        in response.text
    )


def test_attachments_are_served_as_downloads_never_inline(agent_client, open_ticket):
    ticket = open_ticket(
        attachments=[InboundAttachment("page.html", b"<script>alert(1)</script>", "text/html")]
    )
    attachment = ticket.messages.get().attachments.get()
    response = agent_client.get(reverse("workspace:attachment", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"


def test_htmx_timeline_refresh_returns_only_the_timeline(agent_client, ticket):
    response = agent_client.get(
        reverse("workspace:ticket", args=[ticket.number]),
        {"part": "timeline"},
        headers={"HX-Request": "true"},
    )
    assert 'class="timeline"' in response.text
    assert "<html" not in response.text


def test_the_timeline_names_people_not_logins_or_ids(
    agent_client, agent, customer_factory, django_capture_on_commit_callbacks
):
    contact = customer_factory("olga@promstroy.example", name="Ольга Иванова")
    ticket = receive(
        inbound_email(
            channel="portal",
            external_id="portal-1",
            sender=SenderIdentity(kind="portal", external_id=str(contact.user.pk)),
        )
    ).ticket
    boris = AgentFactory.create(username="boris", first_name="Борис", last_name="Ковалёв")
    check_assign_ticket(ticket=ticket, agent=agent, assignee=boris)
    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=agent, body="Смотрим")
    page = agent_client.get(reverse("workspace:ticket", args=[ticket.number])).text
    assert "— → Борис Ковалёв" in page
    assert "Портал: Ольга Иванова &lt;olga@promstroy.example&gt;" in page
