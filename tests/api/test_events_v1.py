"""GET /api/v1/events: every timeline event after a cursor, once, in order."""

from __future__ import annotations

import pytest

from supportdesk.tickets.models import TicketEvent
from tests.api.tokens import bearer

pytestmark = pytest.mark.django_db


def _all_pages(client, headers, after=None, limit=2):
    seen = []
    while True:
        params = {"limit": limit} | ({"after": after} if after else {})
        body = client.get("/api/v1/events", params, **headers).json()
        seen += body["items"]
        after = body["next_cursor"]
        if not body["items"]:
            return seen, after


def test_the_feed_gives_every_event_once_in_order_and_then_only_new_ones(
    client, agent, open_ticket
):
    headers = bearer(agent)
    first = open_ticket()
    seen, cursor = _all_pages(client, headers)
    assert [e["id"] for e in seen] == list(
        TicketEvent.objects.order_by("id").values_list("id", flat=True)
    )
    assert {e["ticket_number"] for e in seen} == {first.number}
    second = open_ticket()
    new, _ = _all_pages(client, headers, after=cursor)
    assert new and {e["ticket_number"] for e in new} == {second.number}
    assert new[0]["kind"] == "opened"


def test_a_forged_cursor_is_refused(client, agent):
    response = client.get("/api/v1/events", {"after": "1"}, **bearer(agent))
    assert response.status_code == 422
    assert "cursor" in response.json()["error"]["fields"]


def test_a_cursor_of_another_list_is_refused(client, agent, open_ticket):
    headers = bearer(agent)
    open_ticket(), open_ticket()
    tickets_cursor = client.get("/api/v1/tickets", {"view": "all", "limit": 1}, **headers).json()[
        "next_cursor"
    ]
    response = client.get("/api/v1/events", {"after": tickets_cursor}, **headers)
    assert response.status_code == 422
