from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.tickets import events
from supportdesk.tickets.actions.permissions import check_is_agent
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import ProblemKind, Ticket


def check_set_problem_kind(*, ticket: Ticket, agent: User, problem_kind: str) -> Ticket:
    check_is_agent(agent)
    if problem_kind not in ProblemKind.values:
        raise ActionRefused(_("Unknown kind of problem."))
    return do_set_problem_kind(ticket=ticket, agent=agent, problem_kind=ProblemKind(problem_kind))


@transaction.atomic
def do_set_problem_kind(*, ticket: Ticket, agent: User, problem_kind: ProblemKind) -> Ticket:
    old = ticket.problem_kind
    if old == problem_kind:
        return ticket
    ticket.problem_kind = problem_kind
    ticket.save(update_fields=["problem_kind", "updated_at"])
    events.problem_kind_changed_event(ticket=ticket, old=old, new=problem_kind, agent=agent)
    return ticket
