"""Keeping the search index current: new text is appended, one statement per ticket."""

from __future__ import annotations

import re

from django.db import connection

from supportdesk.batched_writes import write_later
from supportdesk.search.lemmas import lemmatized
from supportdesk.search.stemming import stems
from supportdesk.tickets.models import Attachment, Message, Ticket

# "nginx-error.log" is one file token to PostgreSQL's parser; its parts are words too.
_NAME_SEPARATORS = re.compile(r"[._\-/\\]+")
# What one message contributes to the index; a pasted megabyte of log is kept on the ticket
# but only its beginning is searchable. With the cap below it also keeps PostgreSQL's tsvector
# under its 1 MB limit however many such messages a ticket collects.
INDEXED_CHARS_PER_TEXT = 64 * 1024
_FULL_VECTOR_BYTES = 256 * 1024


def searchable_names(names: list[str]) -> str:
    return "\n".join(f"{name} {_NAME_SEPARATORS.sub(' ', name)}" for name in names)


def do_index_text(*, ticket_id: int, text: str) -> None:
    """Make `text` findable on the ticket (with the rest of an intake batch, if in one)."""
    if text.strip():
        write_later(_index_texts, (ticket_id, text[:INDEXED_CHARS_PER_TEXT]))


def _index_texts(texts: list[tuple[int, str]]) -> None:
    by_ticket: dict[int, list[str]] = {}
    for ticket_id, text in texts:
        by_ticket.setdefault(ticket_id, []).append(text)
    rows = [(ticket_id, lemmatized("\n".join(parts))) for ticket_id, parts in by_ticket.items()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                """
                INSERT INTO search_ticketsearchdocument (ticket_id, vector)
                VALUES (%s, to_tsvector('russian', %s))
                ON CONFLICT (ticket_id) DO UPDATE
                SET vector = CASE
                    WHEN pg_column_size(search_ticketsearchdocument.vector) > %s
                    THEN search_ticketsearchdocument.vector
                    ELSE COALESCE(search_ticketsearchdocument.vector, ''::tsvector)
                         || EXCLUDED.vector
                END
                """,
                [(*row, _FULL_VECTOR_BYTES) for row in rows],
            )
        elif connection.vendor == "sqlite":
            cursor.executemany(
                "INSERT INTO search_ticket_fts (ticket_id, body) VALUES (%s, %s)",
                [(ticket_id, " ".join(stems(text))) for ticket_id, text in rows],
            )


def do_reindex_ticket(ticket: Ticket) -> None:
    """Rebuild from scratch (after a merge moved messages between tickets)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "DELETE FROM search_ticketsearchdocument WHERE ticket_id = %s", [ticket.pk]
            )
        elif connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_ticket_fts WHERE ticket_id = %s", [ticket.pk])
    texts = Message.objects.filter(ticket=ticket).values_list("body_text", flat=True)
    names = Attachment.objects.filter(message__ticket=ticket).values_list("filename", flat=True)
    text = "\n".join([who_asked(ticket), *texts, searchable_names(list(names))])
    do_index_text(ticket_id=ticket.pk, text=text)


def who_asked(ticket: Ticket) -> str:
    """The subject and who asked: an agent searches for "Петров", an address, "ромашка"."""
    requester = ticket.requester
    organisation = ticket.organisation
    parts = [ticket.subject, requester.name, requester.email]
    if organisation is not None:
        parts.append(organisation.name)
        parts += organisation.domains.values_list("domain", flat=True)
    return "\n".join(part for part in parts if part)
