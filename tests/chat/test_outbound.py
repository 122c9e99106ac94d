"""An agent's reply on a chat: the open widget has it already; a customer who is away also
gets it by email when the host continues chats by email, threaded so an answer by email lands
in the same conversation."""

from __future__ import annotations

import pytest

from supportdesk.chat import presence
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.models import DeliveryStatus, OutboxDelivery, Ticket
from tests.accounts.factories import AgentFactory
from tests.chat.widgets import conversation

pytestmark = pytest.mark.django_db


def reply_deliveries(ticket: Ticket, django_capture_on_commit_callbacks) -> list[tuple[str, str]]:
    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=AgentFactory.create(), body="Ответ")
    rows = OutboxDelivery.objects.filter(message__body_text="Ответ").order_by("id")
    assert all(row.status == DeliveryStatus.SENT for row in rows), list(rows)
    return [(row.channel, row.recipient) for row in rows]


def test_a_customer_with_the_chat_open_gets_the_reply_in_the_chat_only(
    chat_session, django_capture_on_commit_callbacks
):
    ticket = conversation(chat_session)
    presence.mark_online(chat_session.contact.pk)
    assert reply_deliveries(ticket, django_capture_on_commit_callbacks) == [("chat", "u-42")]


def test_a_customer_who_is_away_gets_the_reply_by_email_too(
    chat_session, django_capture_on_commit_callbacks, mailoutbox
):
    ticket = conversation(chat_session)
    presence.mark_offline(chat_session.contact.pk)
    assert reply_deliveries(ticket, django_capture_on_commit_callbacks) == [
        ("chat", "u-42"),
        ("email", "olga@romashka.example"),
    ]
    [mail] = [m for m in mailoutbox if "Ответ" in m.body]
    assert f"[#{ticket.number}]" in mail.subject  # the email answer threads back


def test_no_email_when_the_host_does_not_continue_chats_by_email(
    chat_session, chat_host, django_capture_on_commit_callbacks
):
    chat_host.email_continuity = False
    chat_host.save()
    ticket = conversation(chat_session)
    assert reply_deliveries(ticket, django_capture_on_commit_callbacks) == [("chat", "u-42")]
