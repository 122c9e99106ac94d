"""Telling agents about SLA warnings and breaches (email now; other channels later)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.sla.models import SlaClock
from supportdesk.sla.presentation import format_moscow

logger = logging.getLogger(__name__)


def alert_recipients(clock: SlaClock) -> list[str]:
    """The assignee, or every active agent when nobody is assigned."""
    assignee = clock.ticket.assignee
    if assignee is not None and assignee.is_active and assignee.email:
        return [assignee.email]
    agents = User.objects.filter(is_staff=True, is_active=True).exclude(email="")
    return sorted(agents.values_list("email", flat=True))


def send_alert(clock: SlaClock, kind: str) -> int:
    recipients = alert_recipients(clock)
    if not recipients:
        logger.warning("SLA %s on ticket #%s: no agent to notify", kind, clock.ticket.number)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        ticket = clock.ticket
        target = clock.get_target_display()
        due = format_moscow(clock.due_at) if clock.due_at else _("unknown")
        if kind == "breach":
            subject = _("SLA breached: %(target)s, ticket #%(number)s")
        else:
            subject = _("SLA warning: %(target)s, ticket #%(number)s")
        subject = subject % {"target": target, "number": ticket.number}
        body = _("Ticket #%(number)s “%(subject)s”: %(target)s is due %(due)s.") % {
            "number": ticket.number,
            "subject": ticket.subject,
            "target": target,
            "due": due,
        }
    return send_mail(subject, body, None, recipients)
