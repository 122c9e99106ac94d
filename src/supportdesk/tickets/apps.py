from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "supportdesk.tickets"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        from supportdesk.tickets.checks import check_channels_have_senders

        checks.register(check_channels_have_senders)
