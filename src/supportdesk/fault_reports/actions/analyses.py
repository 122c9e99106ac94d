"""Analysing an attachment with the diagnostics core and keeping the result."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from supportdesk.diagnostics import ContentKind, FileAnalysis, analyze_file
from supportdesk.fault_reports.models import AttachmentAnalysis
from supportdesk.fault_reports.storage import local_copy
from supportdesk.tickets import events
from supportdesk.tickets.actions.diagnostic_fields import do_fill_empty_diagnostic_fields
from supportdesk.tickets.attachments import do_replace_attachment_content
from supportdesk.tickets.models import Attachment, AttachmentKind

logger = logging.getLogger(__name__)

# Bump when the diagnostics core learns something new: `supportdesk diagnostics reanalyze`
# then redoes every older analysis.
ANALYZER_VERSION = 1

_KINDS = {
    ContentKind.HAR: AttachmentKind.HAR,
    ContentKind.CONTAINER_LOG: AttachmentKind.LOG,
    ContentKind.COLLECTOR_BUNDLE: AttachmentKind.BUNDLE,
}


def do_analyze_attachment(*, attachment_id: int, force: bool = False) -> AttachmentAnalysis | None:
    attachment = (
        Attachment.objects.select_related("message__ticket").filter(pk=attachment_id).first()
    )
    if attachment is None:
        return None
    existing = AttachmentAnalysis.objects.filter(attachment=attachment).first()
    if existing is not None and existing.analyzer_version >= ANALYZER_VERSION and not force:
        return existing
    with local_copy(attachment) as path:
        sanitized = path.with_name("sanitized.har")
        analysis = analyze_file(path, sanitized_har_path=sanitized)
        sanitized_content = (
            sanitized.read_bytes()
            if analysis.har is not None and analysis.har.redactions.total and sanitized.exists()
            else None
        )
    return _store(attachment, analysis, sanitized_content)


@transaction.atomic
def _store(
    attachment: Attachment, analysis: FileAnalysis, sanitized_content: bytes | None
) -> AttachmentAnalysis:
    if sanitized_content is not None:
        # The desk keeps only the sanitised HAR, whatever channel brought it.
        do_replace_attachment_content(attachment=attachment, content=sanitized_content)
    kind = _KINDS.get(analysis.kind)
    if kind is not None and attachment.kind != kind:
        attachment.kind = kind
        attachment.save(update_fields=["kind"])
    stored, _created = AttachmentAnalysis.objects.update_or_create(
        attachment=attachment,
        defaults={
            "kind": analysis.kind.value,
            "analyzer_version": ANALYZER_VERSION,
            "result": analysis.to_dict(),
            "error": analysis.error or "",
        },
    )
    ticket = attachment.message.ticket
    if analysis.kind in _KINDS:
        events.diagnostics_analysed_event(
            ticket=ticket,
            attachment_id=attachment.pk,
            filename=attachment.filename,
            kind=analysis.kind.value,
            summary=summary_line(analysis),
        )
        do_fill_empty_diagnostic_fields(ticket=ticket, values=_revealed_fields(analysis))
    logger.info("attachment %s analysed as %s", attachment.pk, analysis.kind.value)
    return stored


def _revealed_fields(analysis: FileAnalysis) -> dict[str, str]:
    values: dict[str, str] = {}
    if analysis.har is not None and analysis.har.summary.browser is not None:
        values["browser_version"] = analysis.har.summary.browser.label
    if analysis.bundle is not None:
        tags = [
            tag for container in analysis.bundle.manifest.containers for tag in container.image_tags
        ]
        if tags:
            values["image_version"] = ", ".join(dict.fromkeys(tags))
    if analysis.log is not None and analysis.log.app_version:
        values.setdefault("image_version", analysis.log.app_version)
    return values


def summary_line(analysis: FileAnalysis) -> str:
    """One line for the timeline, in the active language."""
    if analysis.error:
        return _("could not be read: %(error)s") % {"error": analysis.error}
    if analysis.har is not None:
        summary = analysis.har.summary
        return _("%(requests)d requests, %(failed)d failed; %(removed)d secrets removed") % {
            "requests": summary.request_count,
            "failed": summary.failed_count,
            "removed": analysis.har.redactions.total,
        }
    if analysis.log is not None:
        return _("%(lines)d lines, %(errors)d errors in %(groups)d groups") % {
            "lines": analysis.log.line_count,
            "errors": analysis.log.error_event_count,
            "groups": len(analysis.log.error_groups),
        }
    if analysis.bundle is not None:
        return _("%(containers)d containers") % {
            "containers": len(analysis.bundle.manifest.containers)
        }
    return ""
