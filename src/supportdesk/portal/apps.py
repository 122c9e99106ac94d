from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "supportdesk.portal"
    verbose_name = _("Customer portal")

    def ready(self) -> None:
        from supportdesk.portal.outbound import PortalChannel
        from supportdesk.tickets.outbound import register_channel

        register_channel(PortalChannel())
