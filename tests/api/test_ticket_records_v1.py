"""A ticket's messages (with files), its attachments as downloads, its SLA clocks."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from supportdesk.tickets.models import Attachment
from tests.api.tokens import bearer

pytestmark = pytest.mark.django_db


def test_messages_list_notes_and_files_and_a_file_downloads_as_an_attachment(
    client, agent, open_ticket
):
    ticket = open_ticket()
    message = ticket.messages.get()
    attachment = Attachment(message=message, filename="log.txt", content_type="text/plain", size=5)
    attachment.file.save("log.txt", ContentFile(b"hello"), save=False)
    attachment.save()
    headers = bearer(agent)
    client.post(f"/api/v1/tickets/{ticket.number}/notes", {"body": "внутри"},
                content_type="application/json", **headers)  # fmt: skip
    listed = client.get(f"/api/v1/tickets/{ticket.number}/messages", **headers).json()
    assert [m["kind"] for m in listed] == ["public", "internal"]
    assert listed[0]["attachments"][0]["filename"] == "log.txt"
    download = client.get(f"/api/v1/attachments/{attachment.pk}", **headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"hello"
    assert "attachment" in download["Content-Disposition"]
    assert client.get("/api/v1/attachments/999999", **headers).status_code == 404


def test_the_sla_clocks_of_an_enterprise_ticket(client, agent, open_ticket):
    ticket = open_ticket()
    answer = client.get(f"/api/v1/tickets/{ticket.number}/sla", **bearer(agent)).json()
    assert [c["target"] for c in answer["clocks"]] == ["response"]
    assert answer["clocks"][0]["due_at"] is not None
    assert "ответим" in answer["promise"].lower()
