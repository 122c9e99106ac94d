"""Why a diagnostics file could not be read, in the customer's and the agent's language.

The diagnostics core names the problem with a stable code (``DiagnosticsError.reason``); its
own message is English detail for logs and engineers.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from supportdesk.diagnostics import ContentKind
from supportdesk.tickets.models import Attachment

_PROBLEMS = {
    "truncated": _("the file is cut short"),
    "number_too_long": _("it holds a number too long to read"),
    "too_deep": _("it is nested too deeply"),
    "encoding": _("it is not in UTF-8 or UTF-16 encoding"),
    "too_large": _("it is too large once unpacked"),
    "not_har": _("it is not a HAR archive"),
    "invalid": _("it is not valid JSON"),
    "unfinished": _("its check did not finish within its time and memory limits"),
}


def problem_text(reason: str | None) -> str:
    """The reason code as words in the active language."""
    return str(_PROBLEMS.get(reason or "invalid", _PROBLEMS["invalid"]))


def unreadable_har_note(*, reason: str | None, kept_copy: bool) -> str:
    """What the customer is told beside a HAR the desk could not read (in the active language)."""
    if kept_copy:
        return _(
            "We could not read this HAR file (%(problem)s), so only a copy without cookies, "
            "header values, URL parameters and bodies was kept. If it is not enough, we will "
            "ask you to record it again."
        ) % {"problem": problem_text(reason)}
    return _(
        "We could not read this HAR file (%(problem)s), so it was not kept: it may have held "
        "cookies and tokens. Please record the HAR again and send it once more."
    ) % {"problem": problem_text(reason)}


def customer_file_note(attachment: Attachment) -> str:
    """Why a file the customer sent is not kept as sent ("" when it is), in the active language:
    what the portal and the chat show beside the file."""
    try:
        analysis = attachment.analysis
    except ObjectDoesNotExist:
        return ""
    result = analysis.result
    if analysis.kind != ContentKind.HAR.value or not result.get("error"):
        return ""
    return unreadable_har_note(
        reason=result.get("reason"), kept_copy=result.get("best_effort") is not None
    )
