"""Thin tasks: ids in, one call into an action, safe to run twice."""

from __future__ import annotations

from crontask import cron
from django.tasks import task
from django.utils import timezone

from supportdesk.telegram.actions.bot_messages import (
    do_release_stale_bot_message_claims,
    do_send_bot_messages,
)
from supportdesk.telegram.actions.linking import do_send_link_code
from supportdesk.telegram.actions.updates import do_process_update
from supportdesk.telegram.bot_config import bot_config
from supportdesk.telegram.selectors import chats_with_due_bot_messages, stale_update_ids


@task()
def process_update(update_pk: int) -> None:
    do_process_update(update_pk)


@task()
def send_bot_messages(chat_id: int) -> None:
    do_send_bot_messages(chat_id)


@task()
def send_link_code(code_id: int) -> None:
    do_send_link_code(code_id)


@cron("* * * * *")
@task()
def retry_telegram_work() -> None:
    if not bot_config().token:
        return
    now = timezone.now()
    do_release_stale_bot_message_claims()
    for update_pk in stale_update_ids(now=now):
        process_update.enqueue(update_pk)
    for chat_id in chats_with_due_bot_messages(now=now):
        send_bot_messages.enqueue(chat_id)
