"""Other apps follow the ticket timeline here instead of being called by ticket actions."""

from django.dispatch import Signal

# Sent inside the transaction that recorded the event; receivers write in that transaction.
ticket_event_recorded = Signal()
