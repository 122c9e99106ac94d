"""A customer's HAR is sanitised before the desk stores it, and the customer is told what
was removed (kinds, counts and names; never the values)."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supportdesk.diagnostics import HarError, RedactionReport, sanitize_har
from supportdesk.fault_reports.problems import problem_text

logger = logging.getLogger(__name__)

_KIND_LABELS = {
    "cookie": gettext_lazy("cookies"),
    "header": gettext_lazy("secret headers"),
    "authorization": gettext_lazy("authorization values"),
    "bearer": gettext_lazy("bearer tokens"),
    "jwt": gettext_lazy("JWT tokens"),
    "query": gettext_lazy("secret URL parameters"),
    "form": gettext_lazy("secret form fields"),
    "assignment": gettext_lazy("secret values in text"),
    "url_credentials": gettext_lazy("passwords in URLs"),
    "pattern": gettext_lazy("values matching configured patterns"),
}


@dataclass(frozen=True)
class SanitisedHar:
    content: bytes
    report: RedactionReport

    def summary(self) -> str:
        if not self.report.total:
            return _("No secrets were found in the HAR file.")
        parts = []
        for item in self.report.items:
            label = str(_KIND_LABELS.get(item.kind, item.kind))
            names = ", ".join(item.names[:8])
            parts.append(f"{label}: {item.count}" + (f" ({names})" if names else ""))
        return _("Removed from the HAR file before saving: %(items)s.") % {
            "items": "; ".join(parts)
        }


def sanitise_uploaded_har(upload: UploadedFile[bytes]) -> SanitisedHar:
    """Raises HarError for a file that is not a HAR or cannot be sanitised; its message says
    why in the active language (the core's English detail in brackets). Nothing is stored
    then: the customer can record the HAR again."""
    output = io.BytesIO()
    upload.seek(0)
    try:
        report = sanitize_har(upload, output)
    except HarError as exc:
        logger.info("HAR %r refused: %s", upload.name, exc)
        raise HarError(f"{problem_text(exc.reason)} ({exc})", reason=exc.reason) from exc
    logger.info("HAR %r sanitised: %d values removed", upload.name, report.total)
    return SanitisedHar(output.getvalue(), report)


__all__ = ["HarError", "SanitisedHar", "sanitise_uploaded_har"]
