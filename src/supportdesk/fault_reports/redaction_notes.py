"""How many secret values were replaced where they recurred, in words (CLI and timeline)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from supportdesk.diagnostics import RedactionReport


def removed_line(report: RedactionReport) -> str:
    """The whole count for a person: removed, of them repeated elsewhere, capped or not."""
    line = ngettext(
        "%(count)d secret value removed", "%(count)d secret values removed", report.total
    ) % {"count": report.total}
    return line + repeated_note(report)


def repeated_note(report: RedactionReport) -> str:
    """ ", of them N where they recurred elsewhere" — empty when nothing recurred."""
    note = ""
    if report.repeated:
        note = ", " + ngettext(
            "of them %(count)d where it recurred elsewhere in the file",
            "of them %(count)d where they recurred elsewhere in the file",
            report.repeated,
        ) % {"count": report.repeated}
    if report.capped:
        note += " " + _("(too many distinct secret values: some repeats may remain)")
    return note
