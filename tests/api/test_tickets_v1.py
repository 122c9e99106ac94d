"""GET/POST /api/v1/tickets…: the queue's rows, cursor pages, intake, and the desk's actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from supportdesk.search.queues import QueueFilters
from supportdesk.search.selectors import ticket_queue_list
from supportdesk.tickets.models import EventKind, Status, Ticket, TicketEvent
from tests.accounts.factories import AgentFactory
from tests.api.tokens import bearer

pytestmark = pytest.mark.django_db


def _due_tickets(open_ticket, count: int) -> list[Ticket]:
    now = timezone.now()
    tickets = []
    for hours in range(count):
        ticket = open_ticket(subject=f"Due {hours}")
        Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=now + timedelta(hours=hours % 3))
        tickets.append(ticket)
    return tickets


def test_due_soon_lists_the_rows_the_queue_shows_in_its_order_across_cursor_pages(
    client, agent, open_ticket
):
    _due_tickets(open_ticket, 7)
    done = open_ticket(subject="Resolved")  # not in due_soon: not open
    Ticket.objects.filter(pk=done.pk).update(status=Status.RESOLVED)
    headers = bearer(agent)
    seen, cursor = [], None
    while True:
        params = {"view": "due_soon", "limit": 3} | ({"cursor": cursor} if cursor else {})
        response = client.get("/api/v1/tickets", params, **headers)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["number"] for row in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    queue = ticket_queue_list(
        agent=agent, view="due_soon", filters=QueueFilters(), now=timezone.now()
    )
    assert seen == [t.number for t in queue]
    assert len(seen) == 7


def test_a_damaged_cursor_or_unknown_view_is_refused_naming_the_field(client, agent):
    headers = bearer(agent)
    response = client.get("/api/v1/tickets", {"cursor": "abc"}, **headers)
    assert response.status_code == 422
    assert "cursor" in response.json()["error"]["fields"]
    response = client.get("/api/v1/tickets", {"view": "nope"}, **headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert "view" in response.json()["error"]["fields"]


def test_full_text_search_finds_by_subject(client, agent, open_ticket):
    wanted = open_ticket(subject="Экспорт в PDF падает")
    open_ticket(subject="Вопрос по счёту")
    response = client.get("/api/v1/tickets", {"view": "all", "q": "экспорта"}, **bearer(agent))
    assert [row["number"] for row in response.json()["items"]] == [wanted.number]


def test_no_token_is_401_and_a_bad_token_too_in_the_one_error_shape(client):
    response = client.get("/api/v1/tickets")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert "токен" in response.json()["error"]["message"]
    response = client.get(
        "/api/v1/tickets", HTTP_AUTHORIZATION="Bearer sdk_nope", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 401
    assert "token" in response.json()["error"]["message"]


def test_an_unknown_ticket_is_404_in_the_error_shape(client, agent):
    response = client.get("/api/v1/tickets/999999", **bearer(agent))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_deactivated_agents_token_stops_working(client, open_ticket):
    agent = AgentFactory()
    headers = bearer(agent)
    assert client.get("/api/v1/tickets", **headers).status_code == 200
    agent.is_active = False
    agent.save()
    assert client.get("/api/v1/tickets", **headers).status_code == 401


def test_a_read_token_cannot_write(client, agent, open_ticket):
    from supportdesk.api.models import TokenScope

    ticket = open_ticket()
    response = client.post(
        f"/api/v1/tickets/{ticket.number}/notes",
        {"body": "x"},
        content_type="application/json",
        **bearer(agent, scope=TokenScope.READ),
    )
    assert response.status_code == 403
    assert not ticket.messages.filter(kind="internal").exists()


def test_a_reply_is_a_timeline_event_with_the_tokens_agent_as_actor(client, agent, open_ticket):
    ticket = open_ticket()
    response = client.post(
        f"/api/v1/tickets/{ticket.number}/replies",
        {"body": "Смотрим"},
        content_type="application/json",
        **bearer(agent),
    )
    assert response.status_code == 201, response.content
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.PUBLIC_REPLY)
    assert event.actor_agent == agent
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_status_severity_assignee_and_an_empty_body(client, agent, open_ticket):
    ticket = open_ticket()
    headers = bearer(agent)
    post = lambda path, data: client.post(  # noqa: E731
        f"/api/v1/tickets/{ticket.number}/{path}", data, content_type="application/json", **headers
    )
    assert post("status", {"status": "waiting"}).json()["status"] == "waiting"
    assert post("severity", {"severity": "critical"}).json()["severity"] == "critical"
    assert post("assignee", {"assignee_id": agent.pk}).json()["assignee_id"] == agent.pk
    refused = post("notes", {"body": "   "})
    assert refused.status_code == 422
    assert "body" in refused.json()["error"]["fields"]
    closed = post("status", {"status": "closed"})
    assert closed.status_code == 200
    again = post("status", {"status": "open"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "refused"


def test_merge_moves_the_messages(client, agent, open_ticket):
    source, target = open_ticket(), open_ticket()
    response = client.post(
        f"/api/v1/tickets/{source.number}/merge",
        {"target": target.number},
        content_type="application/json",
        **bearer(agent),
    )
    assert response.status_code == 200, response.content
    assert response.json()["number"] == target.number
    assert target.messages.count() == 2


def test_create_opens_one_ticket_per_external_id(client, agent, customer_factory):
    contact = customer_factory("ivan@promstroy.example")
    payload = {"contact_id": contact.pk, "subject": "Не входит", "text": "Ошибка 500",
               "external_id": "cloud-42"}  # fmt: skip
    headers = bearer(agent)
    first = client.post("/api/v1/tickets", payload, content_type="application/json", **headers)
    assert first.status_code == 201, first.content
    again = client.post("/api/v1/tickets", payload, content_type="application/json", **headers)
    assert again.status_code == 200
    assert again.json()["number"] == first.json()["number"]
    assert Ticket.objects.filter(requester=contact).count() == 1


def test_the_session_of_an_agent_works_and_writes_need_csrf(agent, open_ticket):
    from django.test import Client

    ticket = open_ticket()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agent)
    assert browser.get("/api/v1/tickets").status_code == 200
    response = browser.post(
        f"/api/v1/tickets/{ticket.number}/notes", {"body": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_the_token_is_rate_limited_with_retry_after(client, agent, settings):
    settings.SUPPORTDESK_API_REQUESTS_PER_MINUTE = 2
    headers = bearer(agent)
    assert client.get("/api/v1/tickets", **headers).status_code == 200
    assert client.get("/api/v1/tickets", **headers).status_code == 200
    response = client.get("/api/v1/tickets", **headers)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["error"]["code"] == "rate_limited"


def test_a_body_that_is_not_json_is_400_in_the_error_shape(client, agent, open_ticket):
    ticket = open_ticket()
    response = client.post(
        f"/api/v1/tickets/{ticket.number}/notes",
        "{not json",
        content_type="application/json",
        **bearer(agent),
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_the_schema_is_openapi_3_1_and_public(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/tickets" in schema["paths"]
