"""Why a diagnostics file could not be read, in the customer's and the agent's language.

The diagnostics core names the problem with a stable code (``DiagnosticsError.reason``); its
own message is English detail for logs and engineers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

_PROBLEMS = {
    "truncated": _("the file is cut short"),
    "number_too_long": _("it holds a number too long to read"),
    "too_deep": _("it is nested too deeply"),
    "encoding": _("it is not in UTF-8 or UTF-16 encoding"),
    "too_large": _("it is too large once unpacked"),
    "not_har": _("it is not a HAR archive"),
    "invalid": _("it is not valid JSON"),
}


def problem_text(reason: str | None) -> str:
    """The reason code as words in the active language."""
    return str(_PROBLEMS.get(reason or "invalid", _PROBLEMS["invalid"]))
