"""`supportdesk search reindex`: rebuild every ticket's search document (after an upgrade that
changes what is indexed: who asked, lemmas), a batch of tickets per transaction."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from supportdesk.search.index import do_reindex_ticket
from supportdesk.tickets.models import Ticket

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the search index of every ticket."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["reindex"])

    def handle(self, *args: Any, **options: Any) -> None:
        done, last = 0, 0
        while True:
            tickets = list(
                Ticket.objects.filter(pk__gt=last)
                .select_related("requester", "organisation")
                .order_by("pk")[:BATCH]
            )
            if not tickets:
                break
            with transaction.atomic():
                for ticket in tickets:
                    do_reindex_ticket(ticket)
            done += len(tickets)
            last = tickets[-1].pk
        self.stdout.write(f"{done} tickets reindexed")
