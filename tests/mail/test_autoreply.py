import pytest

from supportdesk.mail.autoreply import AutomaticKind, bounced_message_ids, detect_automatic
from supportdesk.mail.parsing import parse_email
from tests.mail.corpus import customer_message, fixture


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("autoreply_rfc3834_away.eml", AutomaticKind.AUTO_REPLY),
        ("autoreply_html_precedence_bulk.eml", AutomaticKind.AUTO_REPLY),
        ("autoreply_polish_win1250_subject.eml", AutomaticKind.AUTO_REPLY),
        ("bounce_postfix_mailbox_full.eml", AutomaticKind.BOUNCE),
        ("ru_mailru_bounce_utf8_8bit.eml", AutomaticKind.BOUNCE),
        ("dsn_delay_warning_sendmail.eml", AutomaticKind.DELAY_NOTICE),
    ],
)
def test_real_automatic_mail_is_recognised(name, kind):
    found = detect_automatic(parse_email(fixture(name)))
    assert found is not None
    assert found.kind == kind


@pytest.mark.parametrize(
    "name",
    [
        "reply_gmail.eml",
        "reply_outlook.eml",
        "ru_utf8_b64_subject_html_related.eml",
        "ru_win1251_8bit_thunderbird_fwd.eml",
        "ru_koi8r_base64_thunderbird.eml",
    ],
)
def test_mail_people_wrote_is_not_automatic(name):
    assert detect_automatic(parse_email(fixture(name))) is None


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ({"Precedence": "junk"}, AutomaticKind.BULK),
        ({"Precedence": "list"}, AutomaticKind.BULK),
        ({"X-Autoreply": "yes"}, AutomaticKind.AUTO_REPLY),
        ({"X-Auto-Response-Suppress": "All"}, AutomaticKind.AUTO_REPLY),
        ({"Auto-Submitted": "auto-generated"}, AutomaticKind.AUTO_REPLY),
        ({"Subject": "Automatic reply: Диаграмма"}, AutomaticKind.AUTO_REPLY),
        ({"Subject": "Автоматический ответ: Диаграмма"}, AutomaticKind.AUTO_REPLY),
    ],
)
def test_auto_reply_headers_and_exchange_subjects(headers, kind):
    subject = headers.pop("Subject", "Диаграмма")
    raw = customer_message(message_id="<a@x>", subject=subject, extra_headers=headers)
    found = detect_automatic(parse_email(raw))
    assert found is not None and found.kind == kind


def test_auto_submitted_no_is_a_person():
    raw = customer_message(message_id="<a@x>", extra_headers={"Auto-Submitted": "no"})
    assert detect_automatic(parse_email(raw)) is None


def test_mail_from_the_desks_own_address_is_a_loop():
    raw = customer_message(message_id="<a@x>", sender="help@desk.example")
    found = detect_automatic(parse_email(raw), own_addresses={"HELP@desk.example"})
    assert found is not None and found.kind == AutomaticKind.LOOP


def test_a_read_receipt_report_is_not_a_ticket():
    raw = (
        b"From: olga@romashka.example\r\nTo: help@desk.example\r\nSubject: Read: [#1001]\r\n"
        b"Message-ID: <mdn-1@romashka.example>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=disposition-notification; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nYour message was read.\r\n"
        b"--b\r\nContent-Type: message/disposition-notification\r\n\r\n"
        b"Final-Recipient: rfc822;olga@romashka.example\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n"
        b"--b--\r\n"
    )
    found = detect_automatic(parse_email(raw))
    assert found is not None and found.kind == AutomaticKind.READ_RECEIPT


def test_bounce_names_the_original_message_id():
    parsed = parse_email(fixture("bounce_postfix_mailbox_full.eml"))
    assert "4E326A95.3010907@example.com" in bounced_message_ids(parsed)


def test_non_standard_bounce_quoting_the_original_headers_names_it():
    parsed = parse_email(fixture("ru_mailru_bounce_utf8_8bit.eml"))
    assert "8F3CE2D8-D60E-48C3-B9AF-BED628EE2CA5@mail.example.ru" in bounced_message_ids(parsed)
