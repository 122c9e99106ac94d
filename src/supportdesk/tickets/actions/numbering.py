from django.db.models import F

from supportdesk.tickets.models import TicketNumberCounter


def next_ticket_number() -> int:
    """Reserve the next human-friendly number; must run inside the ticket's transaction.

    The UPDATE takes the counter row's lock, so concurrent openers queue here instead of
    colliding on the unique number.
    """
    updated = TicketNumberCounter.objects.filter(pk=1).update(value=F("value") + 1)
    if not updated:
        TicketNumberCounter.objects.create(pk=1, value=1001)
    return TicketNumberCounter.objects.values_list("value", flat=True).get(pk=1)
