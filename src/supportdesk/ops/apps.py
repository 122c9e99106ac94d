from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "supportdesk.ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from supportdesk.ops.cache_table import create_cache_table

        post_migrate.connect(create_cache_table, sender=self)
