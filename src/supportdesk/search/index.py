"""Keeping a ticket's search document current."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchVector
from django.db import connection

from supportdesk.search.models import TicketSearchDocument
from supportdesk.search.stemming import stems
from supportdesk.tickets.models import Attachment, Message, Ticket

_NAME_SEPARATORS = re.compile(r"[._\-/\\]+")


def document_text(ticket: Ticket) -> str:
    texts = Message.objects.filter(ticket=ticket).values_list("body_text", flat=True)
    names = Attachment.objects.filter(message__ticket=ticket).values_list("filename", flat=True)
    # "nginx-error.log" is one file token to PostgreSQL's parser; its parts are words too.
    name_words = [_NAME_SEPARATORS.sub(" ", name) for name in names]
    return "\n".join([ticket.subject, *texts, *names, *name_words])


def do_index_ticket(ticket: Ticket) -> None:
    text = document_text(ticket)
    TicketSearchDocument.objects.update_or_create(ticket=ticket, defaults={"text": text})
    if connection.vendor == "postgresql":
        TicketSearchDocument.objects.filter(ticket=ticket).update(
            vector=SearchVector("text", config="russian")
        )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_ticket_fts WHERE rowid = %s", [ticket.pk])
            cursor.execute(
                "INSERT INTO search_ticket_fts (rowid, body) VALUES (%s, %s)",
                [ticket.pk, " ".join(stems(text))],
            )
