"""Any bytes, and MIME built to hurt, into the email parser and the automatic-mail check: a
`ParsedEmail` (or a verdict) every time, never an exception, in bounded time (issue 12)."""

from hypothesis import HealthCheck, given, settings

from supportdesk.mail.autoreply import bounced_message_ids, detect_automatic
from supportdesk.mail.parsing import ParsedEmail, parse_email
from tests.deadline import finishes_within
from tests.mail.hostile_strategies import any_email

FUZZ = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(any_email)
def test_the_parser_reads_any_bytes_into_a_parsed_email(raw: bytes) -> None:
    with finishes_within(10):
        parsed = parse_email(raw)
    assert isinstance(parsed, ParsedEmail)
    assert parsed.raw == raw
    assert parsed.external_id  # the Message-ID or a content hash: never empty
    assert len(parsed.external_id) <= 400 + len("sha256:") + 64
    # Everything read from it can be stored: no surrogates (raw 8-bit bytes) left in the text.
    texts = [parsed.external_id, parsed.subject, parsed.from_address, parsed.from_name,
             parsed.text, parsed.html, *parsed.thread_ids, *parsed.to, *parsed.cc,
             *(a.filename for a in parsed.attachments)]  # fmt: skip
    for text in texts:
        text.encode("utf-8")


@FUZZ
@given(any_email)
def test_the_automatic_mail_check_decides_for_any_parsed_email(raw: bytes) -> None:
    parsed = parse_email(raw)
    with finishes_within(10):
        detect_automatic(parsed, own_addresses=["help@desk.example"])
        bounced_message_ids(parsed)
