"""An agent looking at a chat ticket marks the customer's messages read, once, forwards only."""

from __future__ import annotations

import pytest

from supportdesk.chat.actions.messages import check_send_chat_message
from supportdesk.chat.actions.reads import do_mark_read_by_agent
from supportdesk.chat.models import ChatConversation, ChatUpdate, UpdateKind
from supportdesk.tickets.models import Message
from tests.chat.widgets import conversation

pytestmark = pytest.mark.django_db


def test_reading_marks_up_to_the_latest_customer_message_once(chat_session):
    ticket = conversation(chat_session)
    latest = Message.objects.filter(ticket=ticket, author_contact__isnull=False).latest("id")
    do_mark_read_by_agent(ticket)
    do_mark_read_by_agent(ticket)
    [read] = ChatUpdate.objects.filter(ticket=ticket, kind=UpdateKind.READ)
    assert read.data == {"up_to": latest.pk}
    assert ChatConversation.objects.get(ticket=ticket).agent_read_up_to == latest.pk


def test_the_agent_page_marks_a_chat_read_and_its_refresh_only_while_in_front(
    chat_session,
    agent_client,
):
    ticket = conversation(chat_session)
    agent_client.get(f"/desk/tickets/{ticket.number}/")
    assert ChatUpdate.objects.filter(ticket=ticket, kind=UpdateKind.READ).count() == 1

    check_send_chat_message(
        chat_session, client_id="second-message", text="Ещё", ticket_number=ticket.number
    )
    timeline = f"/desk/tickets/{ticket.number}/?part=timeline"
    agent_client.get(timeline, headers={"HX-Request": "true"})  # a background tab
    assert ChatUpdate.objects.filter(ticket=ticket, kind=UpdateKind.READ).count() == 1
    agent_client.get(timeline + "&seen=1", headers={"HX-Request": "true"})
    latest = Message.objects.filter(ticket=ticket, author_contact__isnull=False).latest("id")
    assert ChatConversation.objects.get(ticket=ticket).agent_read_up_to == latest.pk
