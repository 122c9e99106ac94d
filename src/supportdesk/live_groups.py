"""Names of the channel-layer groups the desk's sockets listen on, in one place because the
apps that send to them (the chat, the desk, the relay) must not import each other."""

from __future__ import annotations

DESK_QUEUE = "desk.queue"


def desk_ticket(ticket_id: int) -> str:
    """The agents' pages of one ticket: changes to it, the customer typing."""
    return f"desk.ticket.{ticket_id}"


def chat_contact(contact_id: int) -> str:
    """One customer's open chat widgets: updates, acks, the agent typing."""
    return f"chat.contact.{contact_id}"
