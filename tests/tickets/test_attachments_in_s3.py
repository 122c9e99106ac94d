"""Attachments kept in S3-compatible object storage (moto's server at the wire) behave as on disk:
stored by the same actions, downloaded only through the desk's access-checked views."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supportdesk.fault_reports.models import AttachmentAnalysis
from supportdesk.tickets.inbound import InboundAttachment
from supportdesk.tickets.models import Attachment, Ticket
from tests.portal.conftest import HAR_WITH_COOKIES
from tests.portal.test_requests import _new
from tests.s3_server import S3Bucket

pytestmark = pytest.mark.django_db

# Every byte value: nothing on the way may treat the file as text.
CONTENT = bytes(range(256)) * 40


def _customer_attachment() -> Attachment:
    ticket = Ticket.objects.get()
    return ticket.messages.get(author_contact__isnull=False).attachments.get()


def _download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Location" not in response  # streamed by the desk, never sent to the bucket
    return b"".join(response.streaming_content)


def test_a_portal_attachment_goes_to_the_bucket_and_back_through_the_desk_only(
    s3_storage: S3Bucket, client, customer_factory, agent
) -> None:
    owner = customer_factory("ivan@promstroy.example")
    client.force_login(owner.user)
    _new(client, attachments=[SimpleUploadedFile("дамп.bin", CONTENT)])
    attachment = _customer_attachment()

    assert s3_storage.keys() == [attachment.file.name]
    assert s3_storage.read(str(attachment.file.name)) == CONTENT
    url = reverse("portal:attachment", args=[attachment.pk])
    assert _download(client, url) == CONTENT

    stranger = customer_factory("eve@other.example")
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404
    client.force_login(agent)
    assert _download(client, reverse("workspace:attachment", args=[attachment.pk])) == CONTENT


def test_a_stored_object_is_not_readable_without_the_desk_s_credentials(
    s3_storage: S3Bucket, client, customer_factory
) -> None:
    client.force_login(customer_factory().user)
    _new(client, attachments=[SimpleUploadedFile("a.bin", CONTENT)])
    key = _customer_attachment().file.name

    acl = s3_storage.client.get_object_acl(Bucket=s3_storage.name, Key=key)
    groups = {grant["Grantee"].get("URI", "") for grant in acl["Grants"]}
    assert not any(group.endswith(("/AllUsers", "/AuthenticatedUsers")) for group in groups)
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]  # owner only
    anonymous = f"{s3_storage.endpoint_url}/{s3_storage.name}/{key}"  # an unsigned GET
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(anonymous, timeout=10)  # noqa: S310 — the local stand-in
    assert refused.value.code == 403


def test_a_har_in_the_bucket_is_analysed_and_only_its_sanitised_copy_stays(
    s3_storage: S3Bucket, open_ticket, agent_client, django_capture_on_commit_callbacks
) -> None:
    raw = HAR_WITH_COOKIES.read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(
            attachments=[InboundAttachment("network.json", raw, "application/json")]
        )
    attachment = ticket.messages.get().attachments.get()

    analysis = AttachmentAnalysis.objects.get(attachment=attachment)
    assert analysis.result["har"]["summary"]["request_count"] > 0
    assert s3_storage.keys() == [attachment.file.name]  # the raw upload is gone
    stored = s3_storage.read(attachment.file.name)
    cookies = [c for e in json.loads(stored)["log"]["entries"] for c in e["request"]["cookies"]]
    assert cookies and {c["value"] for c in cookies} == {"[REDACTED]"}
    url = reverse("workspace:attachment", args=[attachment.pk])
    assert _download(agent_client, url) == stored
