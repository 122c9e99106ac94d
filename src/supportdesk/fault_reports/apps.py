from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaultReportsConfig(AppConfig):
    """The desk's side of diagnostics: analyses of attachments, the checklist per ticket,
    asking the customer for what is missing, the Enterprise collector's download and upload."""

    name = "supportdesk.fault_reports"
    verbose_name = _("Fault reports")

    def ready(self) -> None:
        from supportdesk.fault_reports import receivers  # noqa: F401 — follows the timeline
