from datetime import timedelta

import pytest
from django.utils import timezone

from supportdesk.mail.models import Mailbox
from supportdesk.mail.selectors import mailbox_due_ids
from supportdesk.mail.tasks import poll_due_mailboxes
from supportdesk.tickets.models import Ticket
from tests.mail.corpus import customer_message
from tests.mail.factories import MailboxFactory

pytestmark = pytest.mark.django_db


def test_scheduler_polls_due_mailboxes(dovecot, imap_mailbox, email_channel):
    dovecot.append(customer_message(message_id="<t1@romashka.example>"))
    poll_due_mailboxes.call()
    assert Ticket.objects.count() == 1


def test_a_mailbox_is_due_once_its_interval_has_passed():
    now = timezone.now()
    fresh = MailboxFactory.create(
        last_polled_at=now - timedelta(seconds=10), poll_interval_seconds=60
    )
    due = MailboxFactory.create(
        last_polled_at=now - timedelta(seconds=61), poll_interval_seconds=60
    )
    never = MailboxFactory.create()
    MailboxFactory.create(is_active=False)
    held = MailboxFactory.create(poll_lease_until=now + timedelta(minutes=1))
    assert sorted(mailbox_due_ids(now=now)) == sorted([due.pk, never.pk])
    assert fresh.pk not in mailbox_due_ids(now=now) and held.pk not in mailbox_due_ids(now=now)
    assert Mailbox.objects.count() == 5
