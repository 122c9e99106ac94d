"""Errors raised when diagnostics input cannot be read.

Every error carries a ``reason`` code besides its English message, so that a caller can tell
the customer *why* in their own language without parsing the message.
"""

from __future__ import annotations

# Reason codes (stable: callers translate them).
INVALID = "invalid"  # not valid JSON / not the expected structure
TRUNCATED = "truncated"  # the file ends early
NUMBER_TOO_LONG = "number_too_long"  # an integer beyond Python's int-string conversion limit
TOO_DEEP = "too_deep"  # nesting beyond what a decoder can follow
ENCODING = "encoding"  # not UTF-8 (UTF-16, latin-1...)
TOO_LARGE = "too_large"  # past the decompression budget
NOT_HAR = "not_har"  # readable, but not a HAR archive


class DiagnosticsError(ValueError):
    """Input the diagnostics core cannot make sense of; the message names the problem."""

    def __init__(self, message: str, *, reason: str = INVALID) -> None:
        super().__init__(message)
        self.reason = reason


class HarError(DiagnosticsError):
    """The input is not a readable HAR archive (invalid JSON, truncated, or not a HAR at all)."""


class LogError(DiagnosticsError):
    """The input is not a text log (e.g. binary data)."""


class BundleError(DiagnosticsError):
    """The input is not a readable collector bundle (.tar.gz with a manifest.json)."""
