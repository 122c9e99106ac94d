"""Fault diagnostics (pure Python, no Django): HAR archives, container logs, checklists.

Entry points:

* :func:`analyze_file` — sniff an uploaded file by content and analyse it (HAR, container log,
  collector bundle);
* :func:`sanitize_and_summarize_har` — one streaming pass over a HAR: sanitised copy + summary;
* :func:`redact_unreadable_har` — the best-effort redacted copy of a HAR that cannot be read;
* :func:`analyze_log` / :func:`redact_log` — container logs;
* :func:`read_bundle` — a ``supportdesk-collect`` bundle;
* :func:`evaluate_checklist` — which diagnostics a fault report has and which are missing.

>>> from supportdesk.diagnostics import parse_user_agent
>>> parse_user_agent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0").label
'Firefox 128.0'
"""

from ._budget import AnalysisBudget
from ._bundle import (
    BUNDLE_FORMAT,
    BundleAnalysis,
    BundleContainer,
    BundleManifest,
    read_bundle,
)
from ._checklist import (
    Attachment,
    Checklist,
    ChecklistEntry,
    ChecklistItem,
    Edition,
    FaultReport,
    ProblemKind,
    applicable_items,
    evaluate_checklist,
)
from ._checklist_labels import ITEM_HINTS, ITEM_LABELS
from ._checklist_text import DEFAULT_DIAGRAM_URL_PATTERN
from ._errors import BundleError, DiagnosticsError, HarError, LogError
from ._file_analysis import FileAnalysis, analyze_file
from ._har_fallback import redact_unreadable_har
from ._har_pipeline import HarAnalysis, sanitize_and_summarize_har, sanitize_har, summarize_har
from ._har_summary import HarPage, HarRequest, HarSummary
from ._log_analysis import DetectedVersion, ErrorGroup, LogAnalysis, application_version
from ._logs import analyze_log, redact_log
from ._redaction import REDACTED, RedactionCount, RedactionReport
from ._sniff import SNIFF_BYTES, ContentKind, looks_like_har, sniff_content
from ._user_agent import BrowserInfo, parse_user_agent

__all__ = [
    "BUNDLE_FORMAT",
    "DEFAULT_DIAGRAM_URL_PATTERN",
    "ITEM_HINTS",
    "ITEM_LABELS",
    "REDACTED",
    "SNIFF_BYTES",
    "AnalysisBudget",
    "Attachment",
    "BrowserInfo",
    "BundleAnalysis",
    "BundleContainer",
    "BundleError",
    "BundleManifest",
    "Checklist",
    "ChecklistEntry",
    "ChecklistItem",
    "ContentKind",
    "DetectedVersion",
    "DiagnosticsError",
    "Edition",
    "ErrorGroup",
    "FaultReport",
    "FileAnalysis",
    "HarAnalysis",
    "HarError",
    "HarPage",
    "HarRequest",
    "HarSummary",
    "LogAnalysis",
    "LogError",
    "ProblemKind",
    "RedactionCount",
    "RedactionReport",
    "analyze_file",
    "analyze_log",
    "applicable_items",
    "application_version",
    "evaluate_checklist",
    "looks_like_har",
    "parse_user_agent",
    "read_bundle",
    "redact_log",
    "redact_unreadable_har",
    "sanitize_and_summarize_har",
    "sanitize_har",
    "sniff_content",
    "summarize_har",
]
