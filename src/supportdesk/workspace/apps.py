from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "supportdesk.workspace"
    verbose_name = _("Agent workspace")

    def ready(self) -> None:
        from supportdesk.workspace import receivers  # noqa: F401 — keeps the counts current
