from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "supportdesk.mail"
    verbose_name = _("Email channel")

    def ready(self) -> None:
        from supportdesk.mail.outbound import EmailChannel
        from supportdesk.tickets.outbound import register_channel

        register_channel(EmailChannel())
