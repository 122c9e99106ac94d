"""Full-text search over tickets (subjects, messages, attachment names)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from supportdesk.search.lemmas import lemmatized
from supportdesk.search.models import TicketSearchDocument
from supportdesk.search.stemming import stems
from supportdesk.tickets.models import Ticket

_NUMBER = re.compile(r"[#№]?\s*(\d{1,18})")


def ticket_ids_matching(*, query: str) -> QuerySet[Any, int] | list[int]:
    """Ids of tickets whose document matches every word of `query` (in any grammatical form),
    and the ticket whose number it is ("1008", "#1008", "№1008")."""
    words = _words_matching(lemmatized(query))
    number = _NUMBER.fullmatch(query.strip())
    if number is None:
        return words
    by_number = Ticket.objects.filter(number=int(number.group(1)))
    if isinstance(words, list):  # no words to look for at all
        return by_number.values_list("pk", flat=True)
    return Ticket.objects.filter(Q(pk__in=by_number) | Q(pk__in=words)).values_list("pk", flat=True)


def _words_matching(query: str) -> QuerySet[Any, int] | list[int]:
    if connection.vendor == "postgresql":
        return TicketSearchDocument.objects.filter(
            vector=SearchQuery(query, config="russian", search_type="plain")
        ).values_list("ticket_id", flat=True)
    terms = sorted({stem for stem in stems(query) if stem})
    if not terms:
        return []
    # The index holds one row per piece of text, so each word may match a different row of
    # the same ticket: intersect per word. Each stem is quoted as an FTS5 string, so user
    # input never becomes FTS syntax.
    one_term = "SELECT ticket_id FROM search_ticket_fts WHERE search_ticket_fts MATCH %s"
    sql = " INTERSECT ".join([one_term] * len(terms))
    params = ['"' + term.replace('"', '""') + '"' for term in terms]
    # Only placeholders are joined into the SQL; every value travels as a parameter.
    matching = RawSQL(sql, params)  # noqa: S611
    return Ticket.objects.filter(pk__in=matching).values_list("pk", flat=True)
