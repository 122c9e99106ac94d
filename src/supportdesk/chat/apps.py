from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "supportdesk.chat"
    label = "chat"
    verbose_name = _("Chat widget")

    def ready(self) -> None:
        from supportdesk.chat import receivers  # noqa: F401 — the widget follows the timeline
        from supportdesk.chat.outbound import ChatChannel
        from supportdesk.tickets.outbound import register_channel

        register_channel(ChatChannel())
