"""POST /api/v1/tickets/{number}/attachments: the requester's file, once, within the limits."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from supportdesk.tickets.models import Attachment, EventKind, TicketEvent
from tests.api.tokens import bearer

pytestmark = pytest.mark.django_db


def _upload(client, headers, number, content=b"GET / 500\n", key="u-1"):
    return client.post(
        f"/api/v1/tickets/{number}/attachments",
        {"file": SimpleUploadedFile("app.log", content), "external_id": key, "text": "лог"},
        **headers,
    )


def test_an_upload_is_the_requesters_message_stored_once(client, agent, open_ticket):
    ticket = open_ticket()
    headers = bearer(agent)
    first = _upload(client, headers, ticket.number)
    assert first.status_code == 201, first.content
    assert first.json()["attachments"][0]["filename"] == "app.log"
    again = _upload(client, headers, ticket.number)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Attachment.objects.filter(message__ticket=ticket).count() == 1
    event = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.CUSTOMER_MESSAGE).last()
    assert event.data["attachments"] == ["app.log"]


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    client, agent, open_ticket, settings
):
    settings.SUPPORTDESK_MAX_ATTACHMENT_BYTES = 4
    ticket = open_ticket()
    response = _upload(client, bearer(agent), ticket.number, content=b"12345")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert ticket.messages.count() == 1
