import os

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "supportdesk.tickets"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        from supportdesk.tickets.checks import check_channels_have_senders
        from supportdesk.tickets.storage_after_fork import forget_built_storages

        checks.register(check_channels_have_senders)
        os.register_at_fork(after_in_child=forget_built_storages)
