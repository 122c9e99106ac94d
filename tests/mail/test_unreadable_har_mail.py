"""Issue 12, finding 2, by email: a HAR that cannot be sanitised leaves no secret in the raw
email the desk keeps, nor in the stored attachment, and the rest of the email is kept."""

import pytest

from supportdesk.mail.models import InboundEmail
from supportdesk.mail.parsing import parse_email
from supportdesk.tickets.models import Ticket
from tests.diagnostics.planted_secrets import har_with_planted_secrets, secrets_in
from tests.mail.corpus import customer_message

pytestmark = pytest.mark.django_db


def _mail_with(har: bytes) -> bytes:
    return customer_message(
        message_id="<bad-har@romashka.example>",
        subject="Ошибка 500, прикладываю HAR",
        body="Добрый день! HAR во вложении.",
        attachments=[("session.har", har)],
    )


def test_a_har_with_a_5001_digit_number_leaves_no_secret_in_what_the_desk_keeps(take_in):
    har = har_with_planted_secrets().replace(b'"bodySize": -1', b'"bodySize": ' + b"9" * 5001, 1)
    outcome = take_in(_mail_with(har))
    raw = parse_email(bytes(InboundEmail.objects.get().raw))
    assert "HAR во вложении" in raw.text  # the email itself is kept, not only its headers
    (kept,) = raw.attachments
    assert secrets_in(kept.content) == []
    ticket = Ticket.objects.get(number=outcome.ticket_number)
    stored = ticket.messages.get(author_contact__isnull=False).attachments.get()
    assert secrets_in(stored.file.read()) == []
