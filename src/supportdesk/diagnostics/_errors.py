"""Errors raised when diagnostics input cannot be read."""

from __future__ import annotations


class DiagnosticsError(ValueError):
    """Input the diagnostics core cannot make sense of; the message names the problem."""


class HarError(DiagnosticsError):
    """The input is not a readable HAR archive (invalid JSON, truncated, or not a HAR at all)."""


class LogError(DiagnosticsError):
    """The input is not a text log (e.g. binary data)."""


class BundleError(DiagnosticsError):
    """The input is not a readable collector bundle (.tar.gz with a manifest.json)."""
