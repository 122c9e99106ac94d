"""Thin tasks: the scheduler finds mailboxes due a poll; each poll is its own task."""

from __future__ import annotations

from crontask import cron
from django.tasks import task
from django.utils import timezone

from supportdesk.mail.actions.polling import do_poll_mailbox
from supportdesk.mail.selectors import mailbox_due_ids


@task()
def poll_mailbox(mailbox_id: int) -> None:
    do_poll_mailbox(mailbox_id)


@cron("* * * * *")
@task()
def poll_due_mailboxes() -> None:
    for mailbox_id in mailbox_due_ids(now=timezone.now()):
        poll_mailbox.enqueue(mailbox_id)
