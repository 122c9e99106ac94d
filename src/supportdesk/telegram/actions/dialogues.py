"""Changes to a dialogue made outside an update from its user."""

from __future__ import annotations

from supportdesk.telegram.models import Dialogue, DialogueState
from supportdesk.tickets.models import Ticket


def do_follow_request(*, dialogue: Dialogue, ticket: Ticket) -> bool:
    """Make `ticket` the active request (after an agent's reply), unless /new is under way."""
    return bool(
        Dialogue.objects.filter(pk=dialogue.pk, state=DialogueState.IDLE).update(
            active_ticket=ticket
        )
    )
