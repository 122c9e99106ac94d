"""Issue 12, finding 4: an email's attachments are capped in total; those past the total are
not stored and the ticket says so, as for a single oversized attachment."""

import pytest
from django.test import override_settings

from supportdesk.tickets.models import EventKind, Ticket
from tests.mail.corpus import customer_message

pytestmark = pytest.mark.django_db


def _mail_with_files(count: int, size: int) -> bytes:
    return customer_message(
        message_id="<files@promstroy.example>",
        sender="Ivan <ivan@promstroy.example>",
        subject="Логи",
        body="Прикладываю логи.",
        attachments=[(f"part{index}.bin", bytes([65 + index]) * size) for index in range(count)],
    )


@override_settings(
    SUPPORTDESK_MAX_ATTACHMENT_BYTES=20_000, SUPPORTDESK_MAX_UPLOAD_TOTAL_BYTES=50_000
)
def test_attachments_past_the_total_are_not_stored_and_the_ticket_says_so(take_in):
    outcome = take_in(_mail_with_files(6, 20_000))
    ticket = Ticket.objects.get(number=outcome.ticket_number)
    stored = ticket.messages.get(author_contact__isnull=False).attachments.all()
    assert sorted(a.filename for a in stored) == ["part0.bin", "part1.bin"]
    rejected = ticket.events.filter(kind=EventKind.ATTACHMENT_REJECTED).order_by("pk")
    assert [e.data["filename"] for e in rejected] == [
        "part2.bin",
        "part3.bin",
        "part4.bin",
        "part5.bin",
    ]
    assert all(e.data["limit"] == 50_000 and e.data["reason"] for e in rejected)
