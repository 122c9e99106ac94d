from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.tickets.models import Ticket


class TicketSearchDocument(models.Model):
    """PostgreSQL's search document of a ticket: one tsvector (GIN-indexed, `russian`
    configuration, which stems Latin words with the English stemmer), appended to as text
    arrives. SQLite searches the FTS5 table `search_ticket_fts` instead (one row per piece of
    text, Snowball stems); both structures are created by this app's migrations."""

    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("ticket"),
    )
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"search document of #{self.ticket_id}"
