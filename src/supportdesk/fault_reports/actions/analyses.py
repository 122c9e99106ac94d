"""Analysing an attachment with the diagnostics core and keeping the result."""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supportdesk.diagnostics import (
    ContentKind,
    DetectedVersion,
    FileAnalysis,
    LogAnalysis,
    analyze_file,
    application_version,
)
from supportdesk.fault_reports.models import AttachmentAnalysis
from supportdesk.fault_reports.problems import problem_text
from supportdesk.fault_reports.redaction_notes import repeated_note
from supportdesk.fault_reports.storage import local_copy
from supportdesk.tickets import events
from supportdesk.tickets.actions.diagnostic_fields import do_fill_empty_diagnostic_fields
from supportdesk.tickets.attachments import (
    do_replace_attachment_content,
    looks_like_har_attachment,
)
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.models import Attachment, AttachmentKind

logger = logging.getLogger(__name__)

# Bump when the diagnostics core learns something new: `supportdesk diagnostics reanalyze`
# then redoes every older analysis. 2: unreadable HARs are replaced, never kept raw.
# 3: a log's application version is the vendor's banner, never Redis's or nginx's.
ANALYZER_VERSION = 3

# What stands in for a HAR when not even a best-effort redacted copy could be made.
WITHHELD_HAR = (
    "Этот HAR-файл не удалось прочитать, поэтому он не сохранён: в нём могли быть cookie и "
    "токены. Запишите HAR заново и пришлите ещё раз.\n"
    "This HAR file could not be read, so it was not kept: it may have held cookies and tokens. "
    "Please record the HAR again and send it once more.\n"
).encode()

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
        sanitized_content = _content_to_keep(analysis, sanitized)
    return _store(attachment, analysis, sanitized_content)


@transaction.atomic
def do_record_unfinished_analysis(*, attachment_id: int) -> AttachmentAnalysis | None:
    """A file whose analysis task failed (killed past its time or memory limit, its worker
    dying on every run, a bug): recorded as not analysed, and a customer's HAR, still as
    received and so perhaps full of secrets, is withheld (fails closed). Files analysed
    before the task failed keep their analysis."""
    attachment = (
        Attachment.objects.select_related("message__ticket").filter(pk=attachment_id).first()
    )
    if attachment is None or AttachmentAnalysis.objects.filter(attachment=attachment).exists():
        return None
    har = attachment.message.author_contact_id is not None and looks_like_har_attachment(attachment)
    unfinished = FileAnalysis(
        kind=ContentKind.HAR if har else ContentKind.BINARY,
        error="the analysis did not finish",
        reason="unfinished",
    )
    summary = (
        summary_line(unfinished)
        if har
        else _("could not be analysed (%(problem)s)") % {"problem": problem_text("unfinished")}
    )
    if har:
        do_replace_attachment_content(attachment=attachment, content=WITHHELD_HAR)
    stored = AttachmentAnalysis.objects.create(
        attachment=attachment,
        kind=unfinished.kind.value,
        analyzer_version=ANALYZER_VERSION,
        result=unfinished.to_dict(),
        error=summary,
    )
    events.diagnostics_analysed_event(
        ticket=attachment.message.ticket,
        attachment_id=attachment.pk,
        filename=attachment.filename,
        kind=unfinished.kind.value,
        summary=summary,
    )
    logger.warning("attachment %s: analysis did not finish (%s)", attachment.pk, summary)
    return stored


def _content_to_keep(analysis: FileAnalysis, sanitized: Path) -> bytes | None:
    """What replaces a HAR's bytes (None: keep them). Fails closed: a HAR that could not be
    sanitised is replaced by its best-effort redacted copy or, without one, withheld."""
    if analysis.kind != ContentKind.HAR:
        return None
    if analysis.har is not None:
        return sanitized.read_bytes() if analysis.har.redactions.total else None
    if analysis.best_effort is not None and sanitized.exists():
        return sanitized.read_bytes()
    return WITHHELD_HAR


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
            "error": summary_line(analysis) if analysis.error else "",
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


def _revealed_fields(analysis: FileAnalysis) -> DiagnosticFields:
    browser = ""
    if analysis.har is not None and analysis.har.summary.browser is not None:
        browser = analysis.har.summary.browser.label
    image = ""
    if analysis.bundle is not None:
        tags = [
            tag for container in analysis.bundle.manifest.containers for tag in container.image_tags
        ]
        image = ", ".join(dict.fromkeys(tags))
    if not image and analysis.log is not None and analysis.log.app_version:
        image = analysis.log.app_version
    return DiagnosticFields(browser_version=browser, image_version=image)


def summary_line(analysis: FileAnalysis) -> str:
    """One line for the timeline, in the active language."""
    if analysis.error and analysis.kind == ContentKind.HAR:
        if analysis.best_effort is not None:
            return _(
                "could not be read (%(problem)s); only a copy without cookies, header values, "
                "URL parameters and bodies was kept (%(removed)d values removed)"
            ) % {"problem": problem_text(analysis.reason), "removed": analysis.best_effort.total}
        return _("could not be read (%(problem)s); the file was withheld") % {
            "problem": problem_text(analysis.reason)
        }
    if analysis.error:
        return _("could not be read: %(error)s") % {"error": analysis.error}
    if analysis.har is not None:
        summary = analysis.har.summary
        return _("%(requests)d requests, %(failed)d failed; %(removed)d secrets removed") % {
            "requests": summary.request_count,
            "failed": summary.failed_count,
            "removed": analysis.har.redactions.total,
        } + repeated_note(analysis.har.redactions)
    if analysis.log is not None:
        line = _("%(lines)d lines, %(errors)d errors in %(groups)d groups") % {
            "lines": analysis.log.line_count,
            "errors": analysis.log.error_event_count,
            "groups": len(analysis.log.error_groups),
        }
        return line + cut_note(analysis.log) + versions_note(analysis.log)
    if analysis.bundle is not None:
        return _("%(containers)d containers") % {
            "containers": len(analysis.bundle.manifest.containers)
        }
    return ""


def versions_note(log: LogAnalysis) -> str:
    """Where the application's version came from, and the other services' versions apart."""
    app = application_version(log.versions, log.services)
    parts = []
    if app is not None:
        parts.append(
            _("application %(name)s %(version)s (%(where)s)")
            % {"name": app.name, "version": app.version, "where": _where(app)}
        )
    others = [v for v in log.versions if v is not app]
    if others:
        listed = ", ".join(f"{v.name} {v.version} ({_where(v)})" for v in others)
        parts.append(_("other services: %(versions)s") % {"versions": listed})
    return "; " + "; ".join(parts) if parts else ""


def _where(version: DetectedVersion) -> str:
    if version.service:
        return _("service %(service)s, line %(line)d") % {
            "service": version.service,
            "line": version.line,
        }
    return _("line %(line)d") % {"line": version.line}


def cut_note(log: LogAnalysis) -> str:
    """ " (analysed the first N MiB only)" for a log analysed only up to its budget."""
    if log.cut_by is None:
        return ""
    if log.cut_by == "bytes":
        mebibytes = max(1, log.analysed_bytes >> 20)
        return " " + ngettext(
            "(analysed the first %(count)d MiB only)",
            "(analysed the first %(count)d MiB only)",
            mebibytes,
        ) % {"count": mebibytes}
    # cut by the line count or by the time allowed: the lines read are what was analysed
    return " " + ngettext(
        "(analysed the first %(count)d line only)",
        "(analysed the first %(count)d lines only)",
        log.line_count,
    ) % {"count": log.line_count}
