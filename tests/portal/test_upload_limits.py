"""Issue 12: the portal's HAR field never answers 500 (finding 2), and the files of one request
or reply are capped in total (finding 4): a clear form error, nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from supportdesk.tickets.models import Ticket
from tests.diagnostics.planted_secrets import har_with_planted_secrets
from tests.portal.test_requests import _new

pytestmark = pytest.mark.django_db


def test_a_har_with_a_5001_digit_number_is_refused_with_the_reason_not_a_500(customer_client):
    har = har_with_planted_secrets().replace(b'"bodySize": -1', b'"bodySize": ' + b"9" * 5001, 1)
    response = _new(customer_client, har_file=SimpleUploadedFile("s.har", har, "application/json"))
    assert response.status_code == 200
    assert "слишком длинное число" in response.text
    assert not Ticket.objects.exists()


def _files(count: int, size: int) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"part{i}.bin", b"x" * size) for i in range(count)]


@override_settings(
    SUPPORTDESK_MAX_ATTACHMENT_BYTES=20_000, SUPPORTDESK_MAX_UPLOAD_TOTAL_BYTES=50_000
)
def test_a_new_request_whose_files_exceed_the_total_is_refused(customer_client):
    response = _new(customer_client, attachments=_files(6, 20_000))
    assert response.status_code == 200
    assert "Файлы вместе занимают" in response.text
    assert not Ticket.objects.exists()


@override_settings(
    SUPPORTDESK_MAX_ATTACHMENT_BYTES=20_000, SUPPORTDESK_MAX_UPLOAD_TOTAL_BYTES=50_000
)
def test_a_new_request_within_the_total_is_accepted(customer_client):
    _new(customer_client, attachments=_files(2, 20_000))
    assert Ticket.objects.get().messages.get(author_contact__isnull=False).attachments.count() == 2


@override_settings(
    SUPPORTDESK_MAX_ATTACHMENT_BYTES=20_000, SUPPORTDESK_MAX_UPLOAD_TOTAL_BYTES=50_000
)
def test_a_reply_whose_files_exceed_the_total_is_refused(customer_client):
    _new(customer_client)
    ticket = Ticket.objects.get()
    response = customer_client.post(
        reverse("portal:reply", args=[ticket.number]),
        {
            "body": "Вот файлы",
            "idempotency_key": "0d3b1f0e-7c57-4c8f-9a0b-8f1f1b2d3e4f",
            "attachments": _files(3, 20_000),
        },
        follow=True,
    )
    assert "Файлы вместе занимают" in response.text
    assert not ticket.messages.filter(body_text="Вот файлы").exists()
