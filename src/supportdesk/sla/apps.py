from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "supportdesk.sla"
    verbose_name = _("SLA")

    def ready(self) -> None:
        from supportdesk.sla import receivers  # noqa: F401 — connects the ticket-event handlers
        from supportdesk.sla.selectors import customer_reply_promises
        from supportdesk.tickets.promises import register_reply_promises

        register_reply_promises(lambda ticket_ids: customer_reply_promises(ticket_ids=ticket_ids))
