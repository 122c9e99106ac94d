"""Issue 12, finding 7: the same bundle uploaded to two tickets lands on both; the answer
names the attachment of the ticket the token is for."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from supportdesk.fault_reports.tokens import upload_token
from supportdesk.tickets.models import Attachment

pytestmark = pytest.mark.django_db


def _upload(client, ticket, content: bytes):
    return client.post(
        "/api/diagnostics/bundles",
        {"ticket": str(ticket.number), "bundle": SimpleUploadedFile("b.tar.gz", content)},
        headers={"Authorization": f"Bearer {upload_token(ticket.number)}"},
    )


def test_bytes_already_on_another_ticket_are_attached_to_this_one_too(client, open_ticket):
    first, second = open_ticket(), open_ticket()
    content = b"\x1f\x8b same bundle bytes"
    answer_a = _upload(client, first, content)
    answer_b = _upload(client, second, content)
    assert answer_a.status_code == answer_b.status_code == 201
    attachment_b = Attachment.objects.get(pk=answer_b.json()["attachment_id"])
    assert attachment_b.message.ticket_id == second.pk
    assert answer_b.json()["attachment_id"] != answer_a.json()["attachment_id"]


def test_the_same_bundle_twice_on_one_ticket_is_stored_once(client, open_ticket):
    ticket = open_ticket()
    first = _upload(client, ticket, b"\x1f\x8b bundle")
    again = _upload(client, ticket, b"\x1f\x8b bundle")
    assert first.json()["attachment_id"] == again.json()["attachment_id"]
    assert ticket.messages.filter(external_id__startswith="collector:").count() == 1
