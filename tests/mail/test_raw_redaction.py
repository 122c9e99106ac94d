import json
from email.message import EmailMessage

import pytest

from supportdesk.mail.models import InboundEmail
from supportdesk.mail.parsing import parse_email
from supportdesk.mail.raw_redaction import raw_to_store

pytestmark = pytest.mark.django_db

SECRET = "c2Vzc2lvbi1zZWNyZXQtdmFsdWU"


def _mail_with_har(message_id: str = "<har@customer.example>") -> bytes:
    har = {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "entries": [
                {
                    "startedDateTime": "2026-03-02T09:00:00.000Z",
                    "time": 12,
                    "request": {
                        "method": "GET",
                        "url": "https://app.example/api/diagrams",
                        "httpVersion": "HTTP/1.1",
                        "headers": [{"name": "Cookie", "value": f"sid={SECRET}"}],
                        "cookies": [{"name": "sid", "value": SECRET}],
                        "queryString": [],
                        "headersSize": -1,
                        "bodySize": 0,
                    },
                    "response": {
                        "status": 500,
                        "statusText": "",
                        "httpVersion": "HTTP/1.1",
                        "headers": [],
                        "cookies": [],
                        "content": {"size": 0, "mimeType": "text/plain"},
                        "redirectURL": "",
                        "headersSize": -1,
                        "bodySize": 0,
                    },
                    "cache": {},
                    "timings": {"send": 0, "wait": 12, "receive": 0},
                }
            ],
        }
    }
    message = EmailMessage()
    message["From"] = "Ольга <olga@romashka.example>"
    message["To"] = "help@desk.example"
    message["Subject"] = "Ошибка 500, прикладываю HAR"
    message["Message-ID"] = message_id
    message.set_content("Добрый день! HAR во вложении.")
    message.add_attachment(
        json.dumps(har).encode(), maintype="application", subtype="json", filename="session.har"
    )
    return message.as_bytes()


def test_har_attachments_are_sanitised_in_the_raw_email_the_desk_keeps():
    raw = _mail_with_har()
    assert SECRET.encode() in parse_email(raw).attachments[0].content
    stored = raw_to_store(parse_email(raw))
    reparsed = parse_email(stored)
    (attachment,) = reparsed.attachments
    assert SECRET.encode() not in attachment.content
    assert b"[REDACTED]" in attachment.content
    assert reparsed.subject == "Ошибка 500, прикладываю HAR"


def test_mail_without_har_is_kept_byte_for_byte():
    message = EmailMessage()
    message["From"] = "a@b.example"
    message["Subject"] = "x"
    message.set_content("hello")
    raw = message.as_bytes()
    assert raw_to_store(parse_email(raw)) == raw


def test_intake_stores_the_scrubbed_raw(take_in):
    take_in(_mail_with_har())
    stored = bytes(InboundEmail.objects.get().raw)
    (attachment,) = parse_email(stored).attachments
    assert SECRET.encode() not in attachment.content
