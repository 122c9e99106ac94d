"""What the widget is told: updates (messages, status changes, read marks) as JSON, and the
state of each conversation (status, the SLA promise), in the widget's language.

Updates are rows first (`ChatUpdate`, written with the change) and pushes second: after the
commit, `publish_updates` sends them to the contact's open widgets through the channel layer.
A push that is lost (no cross-process layer, a widget reconnecting) costs nothing: the widget
asks for everything after the last update it saw.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from channels.layers import get_channel_layer
from django.core import signing
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from supportdesk.chat.models import ChatConversation, ChatUpdate, UpdateKind
from supportdesk.chat.texts import widget_texts
from supportdesk.customers.models import Contact
from supportdesk.fault_reports.problems import customer_file_note
from supportdesk.live_groups import chat_contact, send_to_group
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.selectors import customer_reply_promises
from supportdesk.tickets.models import Attachment, Channel, Message, Status, Ticket
from supportdesk.tickets.models.ticket import OPEN_STATUSES

logger = logging.getLogger(__name__)

LANGUAGES = ("ru", "en")
HISTORY_UPDATES = 300
CATCH_UP_BATCH = 500
FILE_LINK_MAX_AGE = 24 * 3600
_FILE_SALT = "supportdesk.chat.file"


def client_id_of(message: Message) -> str:
    """The widget's own id of a message it sent (stored as `<contact id>:<client id>`)."""
    if message.channel != Channel.CHAT or message.author_contact_id is None:
        return ""
    return (message.external_id or "").partition(":")[2]


def file_link(attachment: Attachment, contact_id: int) -> str:
    """A download link only this contact's widget gets, valid for a day."""
    token = signing.dumps([attachment.pk, contact_id], salt=_FILE_SALT, compress=True)
    return reverse("chat:file", args=[token])


def file_link_target(token: str) -> tuple[int, int] | None:
    try:
        attachment_id, contact_id = signing.loads(token, salt=_FILE_SALT, max_age=FILE_LINK_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return int(attachment_id), int(contact_id)


def _with_details(updates: QuerySet[ChatUpdate]) -> QuerySet[ChatUpdate]:
    return updates.select_related(
        "ticket", "message__author_agent", "message__author_contact"
    ).prefetch_related("message__attachments__analysis")


def updates_after(*, contact_id: int, after: int, limit: int) -> list[ChatUpdate]:
    rows = ChatUpdate.objects.filter(contact_id=contact_id, id__gt=after).order_by("id")
    return list(_with_details(rows)[:limit])


def recent_updates(*, contact_id: int, limit: int) -> list[ChatUpdate]:
    """The last `limit` updates of a contact, oldest first."""
    rows = ChatUpdate.objects.filter(contact_id=contact_id).order_by("-id")
    return list(reversed(_with_details(rows)[:limit]))


def update_json(update: ChatUpdate) -> dict[str, Any]:
    """One update, the same in every language (the notes beside files are per language)."""
    data: dict[str, Any] = {"id": update.pk, "kind": update.kind, "ticket": update.ticket.number}
    if update.kind == UpdateKind.MESSAGE and update.message is not None:
        data["message"] = message_json(update.message, update.contact_id)
    elif update.kind == UpdateKind.STATUS:
        data["status"] = update.data.get("status", "")
    elif update.kind == UpdateKind.READ:
        data["read_up_to"] = update.data.get("up_to", 0)
    return data


def message_json(message: Message, contact_id: int) -> dict[str, Any]:
    from_customer = message.author_contact_id is not None
    agent = message.author_agent
    return {
        "id": message.pk,
        "client_id": client_id_of(message),
        "from": "customer" if from_customer else "agent",
        "name": (agent.get_short_name() or agent.get_username()) if agent is not None else "",
        "automatic": message.is_automatic,
        "text": message.body_text,
        "at": message.created_at.isoformat(),
        "files": [_file_json(a, contact_id) for a in message.attachments.all()],
    }


def _file_json(attachment: Attachment, contact_id: int) -> dict[str, Any]:
    notes = {}
    for language in LANGUAGES:
        with translation.override(language):
            notes[language] = customer_file_note(attachment)
    return {
        "id": attachment.pk,
        "name": attachment.filename,
        "size": attachment.size,
        "url": file_link(attachment, contact_id),
        "note": notes,
    }


def conversations_json(tickets: Sequence[Ticket], *, now: datetime) -> list[dict[str, Any]]:
    """Each conversation's state, with its "we will answer by" promise in both languages."""
    promises = customer_reply_promises(ticket_ids=[t.pk for t in tickets])
    read = dict(
        ChatConversation.objects.filter(ticket__in=tickets).values_list(
            "ticket_id", "agent_read_up_to"
        )
    )
    states = []
    for ticket in tickets:
        promise = promises.get(ticket.pk)
        states.append(
            {
                "ticket": ticket.number,
                "subject": ticket.subject,
                "status": ticket.status,
                "open": ticket.status in OPEN_STATUSES or ticket.status == Status.RESOLVED,
                "promise": {lang: promise.text(lang) for lang in LANGUAGES} if promise else None,
                "read_up_to": read.get(ticket.pk, 0),
                "at": ticket.created_at.isoformat(),
            }
        )
    return states


def desk_hours_json(*, now: datetime) -> dict[str, Any]:
    """Whether anyone is at work now (business hours) and, if not, when they will be."""
    calendar = desk_calendar()
    if calendar.is_open(now):
        return {"open": True}
    opens = calendar.next_opening(now).astimezone(calendar.tz)
    return {"open": False, "opens_at": opens.isoformat()}


def welcome_json(contact: Contact, *, after: int, language: str) -> dict[str, Any]:
    """What a widget gets when it (re)connects: its words, the customer's conversations, and
    the updates after `after` (the recent history for a new widget)."""
    tickets = list(
        Ticket.objects.filter(requester=contact, channel=Channel.CHAT).order_by("-id")[:50]
    )
    if after:
        updates = updates_after(contact_id=contact.pk, after=after, limit=CATCH_UP_BATCH)
    else:
        updates = recent_updates(contact_id=contact.pk, limit=HISTORY_UPDATES)
    now = timezone.now()
    return {
        "type": "welcome",
        "name": contact.name,
        "texts": widget_texts(language),
        "conversations": conversations_json(tickets, now=now),
        "updates": [update_json(u) for u in updates],
        "more": len(updates) == CATCH_UP_BATCH,
        "hours": desk_hours_json(now=now),
    }


def publish_updates(update_ids: Iterable[int]) -> None:
    """After the commit: push these updates to their contacts' open widgets."""
    layer = get_channel_layer()
    if layer is None:
        return
    for group, payload in update_pushes(list(update_ids)):
        try:
            send_to_group(layer, group, payload)
        except Exception:  # the widget catches up on reconnect; a push must not fail a commit
            logger.exception("chat: pushing updates to %s failed", group)


def update_pushes(update_ids: list[int]) -> list[tuple[str, dict[str, Any]]]:
    """The frames that carry these updates, one per contact's group, sent by the caller."""
    by_contact: dict[int, list[ChatUpdate]] = {}
    for update in _with_details(ChatUpdate.objects.filter(pk__in=update_ids).order_by("id")):
        by_contact.setdefault(update.contact_id, []).append(update)
    now = timezone.now()
    hours = desk_hours_json(now=now)
    pushes = []
    for contact_id, updates in by_contact.items():
        tickets = list({u.ticket_id: u.ticket for u in updates}.values())
        payload = {
            "type": "chat.push",
            "updates": [update_json(u) for u in updates],
            "conversations": conversations_json(tickets, now=now),
            "hours": hours,
        }
        pushes.append((chat_contact(contact_id), payload))
    return pushes
