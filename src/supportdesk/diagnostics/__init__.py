"""Fault diagnostics (pure Python, no Django): HAR archives, container logs, checklists.

>>> from supportdesk.diagnostics import parse_user_agent
>>> parse_user_agent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0").label
'Firefox 128.0'
"""

from ._errors import BundleError, DiagnosticsError, HarError, LogError
from ._har_pipeline import HarAnalysis, sanitize_and_summarize_har, sanitize_har, summarize_har
from ._har_summary import HarPage, HarRequest, HarSummary
from ._redaction import REDACTED, RedactionCount, RedactionReport
from ._user_agent import BrowserInfo, parse_user_agent

__all__ = [
    "REDACTED",
    "BrowserInfo",
    "BundleError",
    "DiagnosticsError",
    "HarAnalysis",
    "HarError",
    "HarPage",
    "HarRequest",
    "HarSummary",
    "LogError",
    "RedactionCount",
    "RedactionReport",
    "parse_user_agent",
    "sanitize_and_summarize_har",
    "sanitize_har",
    "summarize_har",
]
