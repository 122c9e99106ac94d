from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "supportdesk.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from supportdesk.search import receivers  # noqa: F401 — keeps the index current
