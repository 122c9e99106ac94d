"""What is wrong with one field of a refused request, in the request's language.

pydantic words its errors in English ("Field required", "String should match pattern …"); the
API answers in Russian or English, so the common kinds are said here and the rest get one
plain sentence. Messages the API raises itself (an unknown cursor) are already translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _too_short(ctx: Mapping[str, Any]) -> str:
    n = int(ctx.get("min_length", 1))
    return ngettext(
        "Too short: at least %(n)d character.", "Too short: at least %(n)d characters.", n
    ) % {"n": n}


def _too_long(ctx: Mapping[str, Any]) -> str:
    n = int(ctx.get("max_length", 0))
    return ngettext(
        "Too long: at most %(n)d character.", "Too long: at most %(n)d characters.", n
    ) % {"n": n}


def _one_of(ctx: Mapping[str, Any]) -> str:
    # pydantic lists them as "'new', 'open' or 'closed'": the English "or" goes.
    values = str(ctx.get("expected", "")).replace(" or ", ", ")
    return _("Must be one of: %(values)s.") % {"values": values}


def _at_least(ctx: Mapping[str, Any]) -> str:
    return _("Must be at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt", ""))}


def _at_most(ctx: Mapping[str, Any]) -> str:
    return _("Must be at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt", ""))}


_BY_TYPE: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda ctx: _("This field is required."),
    "string_too_short": _too_short,
    "string_too_long": _too_long,
    "string_pattern_mismatch": lambda ctx: _("Empty, or has characters that are not allowed."),
    "string_type": lambda ctx: _("Must be a string."),
    "int_parsing": lambda ctx: _("Must be a whole number."),
    "int_type": lambda ctx: _("Must be a whole number."),
    "int_from_float": lambda ctx: _("Must be a whole number."),
    "bool_parsing": lambda ctx: _("Must be true or false."),
    "bool_type": lambda ctx: _("Must be true or false."),
    "enum": _one_of,
    "literal_error": _one_of,
    "greater_than_equal": _at_least,
    "greater_than": _at_least,
    "less_than_equal": _at_most,
    "less_than": _at_most,
    "json_invalid": lambda ctx: _("The body is not valid JSON."),
    "model_attributes_type": lambda ctx: _("Must be a JSON object."),
    "dict_type": lambda ctx: _("Must be a JSON object."),
}


def field_message(error: Mapping[str, Any]) -> str:
    kind = error.get("type")
    if kind is None:  # raised by the API itself, already in the request's language
        return str(error.get("msg", ""))
    say = _BY_TYPE.get(str(kind))
    return say(error.get("ctx") or {}) if say else _("The value is not valid.")
