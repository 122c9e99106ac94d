"""The chat's HTTP side: files sent from the widget (cross-origin, proved by the signed
identity), downloads through signed links only the customer's widget gets, the widget's words,
and the demo host page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from supportdesk.chat.models import ChatHost
from supportdesk.chat.updates import file_link
from supportdesk.customers.models import Contact
from supportdesk.ops.demo_data import load_demo_data
from supportdesk.tickets.models import Attachment, Channel, Ticket
from tests.chat.widgets import ORIGIN, identity

pytestmark = pytest.mark.django_db

HAR = Path(__file__).parents[1] / "diagnostics/fixtures/har/mitmproxy_sse_authorization_header.har"


def post_files(client: Client, *files: SimpleUploadedFile, token: str | None = None, **fields):
    return client.post(
        "/chat/upload/?host=cloud-test",
        {
            "identity": identity() if token is None else token,
            "client_id": "c0ffee00c0ffee00",
            "lang": "ru",
            "file": list(files),
            **fields,
        },
        headers={"Origin": ORIGIN},
    )


def test_a_har_from_the_widget_is_sanitised_as_in_the_portal_and_says_what_was_removed(
    client, chat_host
):
    response = post_files(client, SimpleUploadedFile("session.har", HAR.read_bytes()))
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    ack = response.json()
    assert ack["notes"] and ack["notes"][0].startswith("Из HAR-файла перед сохранением удалено")
    ticket = Ticket.objects.get(number=ack["ticket"])
    assert ticket.channel == Channel.CHAT
    stored = Attachment.objects.get(message__ticket=ticket).file.read()
    secret = b"mob-82856bdd-1e79-4d98-a55f-be43b733543b"
    assert secret in HAR.read_bytes() and secret not in stored


def test_a_retried_upload_is_stored_once(client, chat_host):
    first = post_files(client, SimpleUploadedFile("a.txt", b"hello")).json()
    second = post_files(client, SimpleUploadedFile("a.txt", b"hello")).json()
    assert second["message_id"] == first["message_id"] and second["duplicate"]
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(
    ("files", "status", "words"),
    [
        pytest.param(
            [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(6)], 413, "Слишком много"
        ),
        pytest.param([SimpleUploadedFile("broken.har", b'{"log": {"entries": [')], 400, "HAR"),
    ],
)
def test_too_many_files_and_a_broken_har_get_a_clear_error(client, chat_host, files, status, words):
    response = post_files(client, *files)
    assert response.status_code == status
    assert words in response.json()["message"]
    assert not Ticket.objects.exists()


def test_a_file_too_big_is_refused_before_anything_is_stored(client, chat_host, settings):
    settings.SUPPORTDESK_MAX_ATTACHMENT_BYTES = 10
    response = post_files(client, SimpleUploadedFile("big.bin", b"x" * 11))
    assert response.status_code == 413
    assert "Файл слишком большой" in response.json()["message"]
    assert not Ticket.objects.exists()


def test_an_upload_with_a_forged_identity_or_from_another_origin_is_refused(client, chat_host):
    forged = post_files(client, SimpleUploadedFile("a.txt", b"a"), token=identity("guess"))
    assert forged.status_code == 403 and forged.json()["error"] == "forged"
    other = client.post(
        "/chat/upload/?host=cloud-test",
        {"identity": identity(), "client_id": "c0ffee00c0ffee00"},
        headers={"Origin": "https://evil.example"},
    )
    assert other.status_code == 403 and "Access-Control-Allow-Origin" not in other
    assert not Contact.objects.exists()


def test_a_file_link_downloads_only_for_its_customer_and_only_while_valid(client, chat_host):
    ack = post_files(client, SimpleUploadedFile("note.txt", b"secret notes")).json()
    attachment = Attachment.objects.get(message_id=ack["message_id"])
    contact = Contact.objects.get(email="olga@romashka.example")
    response = client.get(file_link(attachment, contact.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"secret notes"
    stranger = Contact.objects.create(email="stranger@example.com")
    assert client.get(file_link(attachment, stranger.pk)).status_code == 404
    assert client.get("/chat/files/forged-token/").status_code == 404


def test_the_history_over_plain_http_is_what_the_socket_says(client, chat_host):
    ack = post_files(client, SimpleUploadedFile("a.txt", b"a"), text="Вопрос").json()
    history = client.post(
        "/chat/history/?host=cloud-test",
        {"identity": identity(), "lang": "en", "after": "0"},
        headers={"Origin": ORIGIN},
    )
    assert history.status_code == 200 and history["Access-Control-Allow-Origin"] == ORIGIN
    body = history.json()
    assert [c["ticket"] for c in body["conversations"]] == [ack["ticket"]]
    assert body["texts"]["send"] == "Send"
    [message] = [u["message"] for u in body["updates"] if u["kind"] == "message"][:1]
    assert message["text"] == "Вопрос" and message["files"][0]["name"] == "a.txt"
    later = client.post(
        "/chat/history/?host=cloud-test",
        {"identity": identity(), "after": str(body["updates"][-1]["id"])},
        headers={"Origin": ORIGIN},
    ).json()
    assert later["updates"] == []
    forged = client.post(
        "/chat/history/?host=cloud-test",
        {"identity": identity("guess")},
        headers={"Origin": ORIGIN},
    )
    assert forged.status_code == 403


def test_the_widgets_words_in_russian_by_default_and_in_english(client):
    russian = client.get("/chat/texts/").json()
    english = client.get("/chat/texts/?lang=en").json()
    assert russian["send"] == "Отправить" and english["send"] == "Send"
    assert russian.keys() == english.keys()
    assert all(russian[key] != english[key] for key in ("placeholder", "offline_now", "typing"))


def test_the_demo_page_signs_a_demo_user_in_the_embedded_default_only(client, settings):
    load_demo_data()
    assert client.get("/chat/demo/").status_code == 404
    settings.SUPPORTDESK_CHAT_DEMO = True
    page = client.get("/chat/demo/", headers={"Host": "127.0.0.1:8123"})
    assert page.status_code == 200
    assert 'data-host="demo"' in page.text and "widget.js" in page.text
    assert "Попробуйте чат" in page.text
    # The demo host follows the loopback port `make run` serves.
    assert "http://127.0.0.1:8123" in ChatHost.objects.get(key="demo").origins()
