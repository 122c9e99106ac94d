"""Full-text search over tickets (subjects, messages, attachment names)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from supportdesk.search.models import TicketSearchDocument
from supportdesk.search.stemming import stems


def ticket_ids_matching(*, query: str) -> QuerySet[TicketSearchDocument, int] | list[int]:
    """Ids of tickets whose document matches every word of `query` (stemmed)."""
    if connection.vendor == "postgresql":
        return TicketSearchDocument.objects.filter(
            vector=SearchQuery(query, config="russian", search_type="plain")
        ).values_list("ticket_id", flat=True)
    terms = [stem for stem in stems(query) if stem]
    if not terms:
        return []
    # Each stem quoted as an FTS5 string: user input never becomes FTS syntax.
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    return TicketSearchDocument.objects.filter(
        ticket_id__in=RawSQL(
            "SELECT rowid FROM search_ticket_fts WHERE search_ticket_fts MATCH %s", [match]
        )
    ).values_list("ticket_id", flat=True)
